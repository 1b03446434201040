namespace Dtaas.Grains.Node;

/// <summary>How other nodes reach this one, from the silo's options.</summary>
/// <param name="PublicHost">The host of <c>--public-address</c>: where peers send WireGuard packets.</param>
/// <param name="WireGuardPort">The first overlay UDP port (<c>--wireguard-port</c>); each further domain takes the next free one.</param>
public sealed record FederationSettings(string PublicHost, int WireGuardPort)
{
    /// <summary>How far a join request's timestamp may be from the creator's clock.</summary>
    public TimeSpan JoinMaxSkew { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a dtPeer probes its member over the overlay.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the creator retries a push to members that have not confirmed the current list.</summary>
    public TimeSpan PushRetryInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a member whose creator's dtPeer is disconnected asks the creator's gateway whether it is still in.</summary>
    public TimeSpan StandingCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a federated list waits for each member; the members that did not answer are named, not waited for.</summary>
    public TimeSpan ListTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a trust's home node tells the nodes of its objects about it, changed or not.</summary>
    public TimeSpan TrustRefresh { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an object's node honours a trust after its home node last told it (fail closed beyond).</summary>
    public TimeSpan TrustLease { get; init; } = TimeSpan.FromSeconds(30);
}
