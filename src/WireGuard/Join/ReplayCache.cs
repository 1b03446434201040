namespace Dtaas.WireGuard.Join;

/// <summary>
/// In-memory <see cref="IReplayCache"/> for one node. Entries live only as long as the timestamp window could accept
/// their request, and there are at most <c>capacity</c> of them, so memory stays bounded even under a flood;
/// a full cache refuses (<see cref="ReplayVerdict.Full"/>) rather than forgetting something that could be replayed.
/// </summary>
public sealed class ReplayCache : IReplayCache
{
    public const int DefaultCapacity = 100_000;

    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly Dictionary<JoinRequestId, DateTimeOffset> _seen = [];
    private readonly PriorityQueue<JoinRequestId, DateTimeOffset> _byExpiry = new();

    public ReplayCache(TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                EvictExpired();
                return _seen.Count;
            }
        }
    }

    public ReplayVerdict TryRecord(JoinRequestId id, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            EvictExpired();
            if (_seen.ContainsKey(id))
            {
                return ReplayVerdict.Replayed;
            }
            if (_seen.Count >= _capacity)
            {
                return ReplayVerdict.Full;
            }
            _seen.Add(id, expiresAt);
            _byExpiry.Enqueue(id, expiresAt);
            return ReplayVerdict.New;
        }
    }

    private void EvictExpired()
    {
        var now = _time.GetUtcNow();
        while (_byExpiry.TryPeek(out var id, out var expiresAt) && expiresAt < now)
        {
            _byExpiry.Dequeue();
            _seen.Remove(id);
        }
    }
}
