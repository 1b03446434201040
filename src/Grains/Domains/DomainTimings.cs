namespace Dtaas.Grains.Domains;

/// <summary>The fixed paces of a dtDomain, shared by its creator and member roles.</summary>
internal static class DomainTimings
{
    /// <summary>A call to another node's federation listener (a push, a leave, a standing question).</summary>
    public static readonly TimeSpan FederationCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How soon a domain that is Failed because no WireGuard backend works looks again (it recovers by itself).</summary>
    public static readonly TimeSpan WireGuardRecheck = TimeSpan.FromSeconds(5);
}
