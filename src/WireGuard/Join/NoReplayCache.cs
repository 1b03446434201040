namespace Dtaas.WireGuard.Join;

/// <summary>
/// The replay check of standing queries, which records nothing: anyone can seal a query (its salt is public), so
/// recording queries would let a stranger fill the cache that admits joins; and a replayed question is harmless (a
/// read, whose answer only the original asker can open).
/// </summary>
public sealed class NoReplayCache : IReplayCache
{
    public static NoReplayCache Instance { get; } = new();

    private NoReplayCache()
    {
    }

    public ReplayVerdict TryRecord(JoinRequestId id, DateTimeOffset expiresAt) => ReplayVerdict.New;
}
