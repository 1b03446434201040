namespace Dtaas.Kubernetes.Election;

/// <summary>What <see cref="LeaderEndpoints"/> writes: the Service's name, the leader's pod IP and the Service's ports.</summary>
public sealed record LeaderEndpointsOptions
{
    /// <summary>The selector-less Service whose Endpoints (same name) name the leader.</summary>
    public required string ServiceName { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The leader's Lease identity, written in <see cref="LeaderEndpoints.HolderAnnotation"/>.</summary>
    public required string Identity { get; init; }

    /// <summary>The leader's pod IP.</summary>
    public required string Address { get; init; }

    /// <summary>The leader's pod name, for the address's targetRef; null outside a pod.</summary>
    public string? Pod { get; init; }

    /// <summary>The Service's ports by name (a selector-less Service matches its Endpoints' ports by name).</summary>
    public required IReadOnlyList<LeaderEndpointPort> Ports { get; init; }

    /// <summary>How often the leader checks that the Endpoints still point at it.</summary>
    public TimeSpan CheckPeriod { get; init; } = TimeSpan.FromSeconds(10);
}

/// <param name="Name">The Service port's name.</param>
/// <param name="Port">The port on the leader's pod.</param>
/// <param name="Protocol">TCP, UDP or SCTP.</param>
public sealed record LeaderEndpointPort(string Name, int Port, string Protocol);
