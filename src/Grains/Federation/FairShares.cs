namespace Dtaas.Grains.Federation;

/// <summary>
/// What one member may make other nodes keep, so that no member can exhaust a domain: past a cap the whole request is
/// refused with the reason (the sender's federation status) and a Warning event on the member's dtPeer.
/// </summary>
public static class FairShares
{
    /// <summary>Users in one member's set (gRPC <c>SyncUsers</c>): each becomes a dtUser replica on every other node.</summary>
    public const int UsersPerMember = 10_000;

    /// <summary>dtService networks one member may have created in a domain's registry (it is their server): each takes a /24 of 4,096.</summary>
    public const int NetworksPerMember = 256;

    /// <summary>Apps in one member's set for a domain (gRPC <c>SyncApps</c>): each becomes a dtApp replica on every other node.</summary>
    public const int AppsPerMember = 10_000;

    /// <summary>The refusal for <paramref name="count"/> of <paramref name="what"/> where <paramref name="cap"/> is the most a member may have.</summary>
    public static string Refusal(string nodeId, int count, string what, int cap) =>
        $"node {nodeId} sent {count} {what}; a member may have at most {cap} (a fair share of the domain), so none was taken";
}
