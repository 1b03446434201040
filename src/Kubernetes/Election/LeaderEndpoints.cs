using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Dtaas.Kubernetes.Election;

/// <summary>
/// Points a selector-less Service at the leader, as Patroni does for its leader Service: while it leads, a replica
/// keeps the Service's Endpoints naming its own pod IP and the given ports (written when it takes the Lease, and
/// checked and corrected every <see cref="LeaderEndpointsOptions.CheckPeriod"/>, should anyone else have changed
/// them). The annotation <see cref="HolderAnnotation"/> names the leader, so each new leader writes them even when it
/// has the same IP. kube-proxy then sends the Service's traffic only to the leader's pod; for UDP it also clears the
/// flows it had pinned to the old endpoint, so a peer's next packet reaches the new leader.
/// </summary>
public sealed partial class LeaderEndpoints(IKubernetes api, LeaderEndpointsOptions options, ILogger<LeaderEndpoints> logger)
{
    public const string HolderAnnotation = "sid.sightlineinnovation.com/lease-holder";

    /// <summary>Keeps the Endpoints pointing here until <paramref name="leading"/> is cancelled (leadership ended).</summary>
    public async Task KeepAsync(CancellationToken leading)
    {
        while (!leading.IsCancellationRequested)
        {
            try
            {
                await EnsureAsync(leading).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException)
            {
                LogWriteFailed(options.ServiceName, options.Namespace, e.Message);
            }
            await Task.Delay(options.CheckPeriod, leading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Writes the Endpoints if they do not name this leader at its address and ports; true when it wrote.</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        V1Endpoints? current;
        try
        {
            current = await api.CoreV1.ReadNamespacedEndpointsAsync(options.ServiceName, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            current = null;
        }
        if (current is not null && Matches(current))
        {
            return false;
        }
        var wanted = Wanted(current);
        if (current is null)
        {
            await api.CoreV1.CreateNamespacedEndpointsAsync(wanted, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // With the version read: a write by someone else meanwhile makes this one fail, and the next check redoes it.
            await api.CoreV1.ReplaceNamespacedEndpointsAsync(wanted, options.ServiceName, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        LogPointed(options.ServiceName, options.Namespace, options.Address, options.Identity);
        return true;
    }

    private bool Matches(V1Endpoints current) =>
        current.Metadata.Annotations?.TryGetValue(HolderAnnotation, out var holder) == true && holder == options.Identity &&
        current.Subsets is [{ Addresses: [{ } address], NotReadyAddresses: null or [] } subset] && address.Ip == options.Address &&
        subset.Ports?.Count == options.Ports.Count &&
        options.Ports.All(p => subset.Ports.Any(q => q.Name == p.Name && q.Port == p.Port && q.Protocol == p.Protocol));

    private V1Endpoints Wanted(V1Endpoints? current)
    {
        var metadata = current?.Metadata ?? new V1ObjectMeta { Name = options.ServiceName, NamespaceProperty = options.Namespace };
        metadata.Annotations ??= new Dictionary<string, string>();
        metadata.Annotations[HolderAnnotation] = options.Identity;
        return new V1Endpoints
        {
            ApiVersion = "v1",
            Kind = "Endpoints",
            Metadata = metadata,
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = options.Address, TargetRef = options.Pod is { } pod ? new V1ObjectReference { Kind = "Pod", Name = pod, NamespaceProperty = options.Namespace } : null }],
                    Ports = [.. options.Ports.Select(p => new Corev1EndpointPort { Name = p.Name, Port = p.Port, Protocol = p.Protocol })],
                },
            ],
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Endpoints {Namespace}/{Service} now point at this leader ({Address}, {Identity})")]
    private partial void LogPointed(string service, string @namespace, string address, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not point Endpoints {Namespace}/{Service} at this leader: {Error}")]
    private partial void LogWriteFailed(string service, string @namespace, string error);
}
