using System.Threading.Channels;

namespace Dtaas.ApiServer;

/// <summary>
/// Fans committed changes out to watchers and keeps a window of recent changes so a watch can
/// resume from a resourceVersion; older than the window is 410 Expired, like etcd compaction.
/// A watcher that falls too far behind is dropped (its stream ends; clients re-watch or relist).
/// </summary>
internal sealed class WatchHub
{
    private readonly object _gate = new();
    private readonly LinkedList<ChangeEvent> _window = new();
    private readonly int _windowSize;
    private readonly int _watcherBuffer;
    private readonly List<WatchSubscription> _subscribers = [];
    private long _currentResourceVersion;

    public WatchHub(long currentResourceVersion, int windowSize = 10_000, int watcherBuffer = 10_000)
    {
        _currentResourceVersion = currentResourceVersion;
        _windowSize = windowSize;
        _watcherBuffer = watcherBuffer;
    }

    /// <summary>Oldest resourceVersion a watch may start from.</summary>
    public long OldestResumableVersion
    {
        get
        {
            lock (_gate)
            {
                return _window.First is { } first ? first.Value.ResourceVersion - 1 : _currentResourceVersion;
            }
        }
    }

    /// <summary>Called by the store, in resourceVersion order, once the change is committed.</summary>
    public void Publish(ChangeEvent change)
    {
        lock (_gate)
        {
            _currentResourceVersion = change.ResourceVersion;
            _window.AddLast(change);
            while (_window.Count > _windowSize)
            {
                _window.RemoveFirst();
            }
            foreach (var subscriber in _subscribers.ToList())
            {
                if (subscriber.Filter(change) && !subscriber.Writer.TryWrite(change))
                {
                    // Too far behind: end this watch rather than buffer without bound.
                    subscriber.Writer.TryComplete(new InvalidOperationException("watcher fell behind"));
                    _subscribers.Remove(subscriber);
                }
            }
        }
    }

    /// <summary>Subscribes to changes after <paramref name="fromResourceVersion"/>; replays the window's part of them.</summary>
    /// <exception cref="ApiException">410 Expired when that version has left the window.</exception>
    public WatchSubscription Subscribe(Func<ChangeEvent, bool> filter, long fromResourceVersion)
    {
        lock (_gate)
        {
            var oldest = _window.First is { } first ? first.Value.ResourceVersion - 1 : _currentResourceVersion;
            if (fromResourceVersion < oldest)
            {
                throw StatusErrors.Expired($"too old resource version: {fromResourceVersion} ({oldest})");
            }
            var channel = Channel.CreateBounded<ChangeEvent>(new BoundedChannelOptions(_watcherBuffer) { SingleReader = true });
            var subscription = new WatchSubscription(this, channel, filter);
            foreach (var change in _window)
            {
                if (change.ResourceVersion > fromResourceVersion && filter(change) && !channel.Writer.TryWrite(change))
                {
                    throw StatusErrors.Expired($"too old resource version: {fromResourceVersion}");
                }
            }
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The version a BOOKMARK may carry: everything up to it has been handed to this watcher.</summary>
    public long? BookmarkVersion(WatchSubscription subscription)
    {
        lock (_gate)
        {
            return subscription.Reader.Count == 0 ? _currentResourceVersion : null;
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
        subscription.Writer.TryComplete();
    }
}

/// <summary>One watcher's queue of changes; dispose to stop receiving.</summary>
internal sealed class WatchSubscription(WatchHub hub, Channel<ChangeEvent> channel, Func<ChangeEvent, bool> filter) : IDisposable
{
    public ChannelReader<ChangeEvent> Reader => channel.Reader;
    internal ChannelWriter<ChangeEvent> Writer => channel.Writer;
    internal Func<ChangeEvent, bool> Filter => filter;

    public void Dispose() => hub.Unsubscribe(this);
}
