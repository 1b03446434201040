using Dtaas.Grains.Interfaces.Node;

namespace Dtaas.Client;

/// <summary>
/// Calls <c>inner</c> with a node's changes in the order the node saw them (<see cref="ObjectChange.Sequence"/>):
/// Orleans delivers one-way observer calls in no fixed order, so a burst of changes can arrive shuffled. The next
/// change in sequence passes at once; one that arrives ahead of a missing one is held until the missing one comes or
/// <c>hold</c> has passed (a change lost on the way, or numbering that started again). <c>inner</c> is called one
/// change at a time, never concurrently, so it must be quick.
/// </summary>
public sealed class InOrderObserver : IObjectObserver, IDisposable
{
    /// <summary>How long a change waits for the ones before it, unless the constructor says otherwise.</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromMilliseconds(100);

    private readonly IObjectObserver _inner;
    private readonly TimeSpan _hold;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, (ObjectChange Change, DateTimeOffset Arrived)> _held = [];
    private long? _last;

    public InOrderObserver(IObjectObserver inner, TimeSpan? hold = null, TimeProvider? time = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _hold = hold ?? DefaultHold;
        _time = time ?? TimeProvider.System;
        _timer = _time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void OnChanged(ObjectChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            _held[change.Sequence] = (change, _time.GetUtcNow());
        }
        Release();
    }

    public void Dispose() => _timer.Dispose();

    private void Release()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_held.Count > 0)
            {
                var (sequence, (change, arrived)) = _held.First();
                // Next in line, late (after its gap was given up on), or held long enough.
                if (!(sequence == _last + 1 || sequence <= _last || now - arrived >= _hold))
                {
                    _timer.Change(_hold - (now - arrived), Timeout.InfiniteTimeSpan);
                    return;
                }
                _held.Remove(sequence);
                _last = Math.Max(_last ?? sequence, sequence);
                _inner.OnChanged(change);
            }
        }
    }
}
