namespace Dtaas.Kubernetes.Election;

/// <summary>
/// The leader's own deadline. A standby may take the Lease once it has seen no change for the lease duration, counted
/// from when it read the leader's last write, which is after that write was sent. So the leader may act as leader only
/// until the renew deadline after it <em>sent</em> its last successful write (not after the answer came back, which a
/// slow API can delay): the renew deadline is shorter than the lease duration, and the gap is the time the leader has
/// to stop its work before anyone else can start it. <see cref="Expired"/> says when that time has come.
/// </summary>
public sealed class LeaseFence : IDisposable
{
    private readonly TimeSpan _renewDeadline;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private DateTimeOffset? _validUntil;

    public LeaseFence(TimeSpan renewDeadline, TimeProvider time)
    {
        _renewDeadline = renewDeadline;
        _time = time;
        _timer = time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised once when the deadline passes with no later successful write; not again until the next write.</summary>
    public event Action? Expired;

    /// <summary>Until when the writes so far let this candidate lead; null when it has written none since the last expiry or <see cref="Clear"/>.</summary>
    public DateTimeOffset? ValidUntil
    {
        get
        {
            lock (_gate)
            {
                return _validUntil;
            }
        }
    }

    /// <summary>The time to stamp a write with, taken before it is sent.</summary>
    public DateTimeOffset Now() => _time.GetUtcNow();

    /// <summary>A write of the lease naming this candidate, sent at <paramref name="sentAt"/>, succeeded.</summary>
    public void Written(DateTimeOffset sentAt)
    {
        lock (_gate)
        {
            var until = sentAt + _renewDeadline;
            // Answers may come back out of order: an older write never shortens what a newer one allowed.
            if (_validUntil is { } current && current >= until)
            {
                return;
            }
            _validUntil = until;
            _timer.Change(Max(until - _time.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Leadership ended otherwise (lost, released): nothing to expire.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _validUntil = null;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void Check()
    {
        lock (_gate)
        {
            if (_validUntil is not { } until)
            {
                return;
            }
            var left = until - _time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                // A timer may fire a little before the wall clock reaches its time: wait for the rest.
                _timer.Change(Max(left, TimeSpan.FromMilliseconds(1)), Timeout.InfiniteTimeSpan);
                return;
            }
            _validUntil = null;
        }
        Expired?.Invoke();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Dispose() => _timer.Dispose();
}
