using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.Controllers;

/// <summary>
/// Mirrors one kind into <see cref="Cache"/> (client-go's reflector and informer): lists, then watches from the list's
/// resourceVersion with bookmarks, resuming from the last version seen. A 410 Gone relists; any other failure or a
/// closed stream re-watches after a jittered exponential backoff. Every key that changed (added, modified, deleted,
/// or vanished across a relist) is reported to the handler, and every cached key again each resync period.
/// </summary>
public sealed partial class Informer<T>
    where T : class, IKubernetesResource<T>
{
    private readonly IKubernetesClient _client;
    private readonly InformerOptions _options;
    private readonly Action<string> _onChanged;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _kind = T.ResourceKind.Kind;
    private readonly string _scope;
    private int _running;
    // Where the next watch resumes; null means list first. Only the list-and-watch loop touches these.
    private string? _resourceVersion;
    private long _eventsDelivered;

    /// <param name="cache">A cache that outlives this informer (shared with the grain storage); a new one by default.</param>
    /// <param name="onChanged">Gets each changed key; called from the watch and from the resync timer, so it must be thread-safe, quick and not throw.</param>
    public Informer(IKubernetesClient client, InformerOptions options, Action<string> onChanged, ILogger? logger = null, TimeProvider? timeProvider = null, ObjectCache<T>? cache = null)
    {
        _client = client;
        _options = options;
        _onChanged = onChanged;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _scope = options.Namespace ?? "all namespaces";
        Cache = cache ?? new ObjectCache<T>();
    }

    public ObjectCache<T> Cache { get; }

    /// <summary>Lists and watches until cancelled; a run ends normally on cancellation. An informer runs once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"The {_kind} informer is already running or has run.");
        }

        var resyncing = ResyncAsync(cancellationToken);
        await ListAndWatchAsync(cancellationToken).ConfigureAwait(false);
        await resyncing.ConfigureAwait(false);
    }

    private async Task ListAndWatchAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var deliveredBefore = _eventsDelivered;
            var listed = false;
            Exception? failure = null;
            try
            {
                if (_resourceVersion is null)
                {
                    await RelistAsync(cancellationToken).ConfigureAwait(false);
                    listed = true;
                }

                await WatchAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KubernetesGoneException gone)
            {
                LogExpired(_kind, _scope, _resourceVersion, gone.Message);
                _resourceVersion = null;
                // Relist at once, unless this attempt's own list was already too old: then the server needs a pause.
                if (!listed)
                {
                    continue;
                }

                failure = gone;
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            // A watch that delivered anything was healthy: the backoff starts over.
            failures = _eventsDelivered > deliveredBefore ? 1 : failures + 1;
            var delay = Jitter(_options.ReconnectBackoff.DelayAfter(failures));
            if (failure is null)
            {
                LogWatchClosed(_kind, _scope, _resourceVersion, delay.TotalMilliseconds);
            }
            else
            {
                LogWatchFailed(failure, _kind, _scope, _resourceVersion, failures, delay.TotalMilliseconds, failure.Message);
            }

            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        var list = await _client.ListAsync<T>(_options.Namespace, new ListOptions { LabelSelector = _options.LabelSelector }, cancellationToken).ConfigureAwait(false);
        var resourceVersion = list.Metadata.ResourceVersion;
        if (string.IsNullOrEmpty(resourceVersion))
        {
            throw new InvalidOperationException($"The list of {_kind} in {_scope} carried no resourceVersion to watch from.");
        }

        // Only what differs from the cache is reported: a relist after 410 should not reconcile everything again.
        var changed = list.Items
            .Where(item => !Cache.TryGet(ObjectCache<T>.KeyOf(item), out var cached) || cached.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
            .Select(ObjectCache<T>.KeyOf)
            .ToList();
        var gone = Cache.Replace(list.Items);
        LogListed(_kind, _scope, list.Items.Count, resourceVersion, changed.Count, gone.Count);
        foreach (var key in gone)
        {
            LogVanished(_kind, key);
            _onChanged(key);
        }

        foreach (var key in changed)
        {
            _onChanged(key);
        }

        _resourceVersion = resourceVersion;
        Cache.MarkSynced();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var options = new ListOptions
        {
            LabelSelector = _options.LabelSelector,
            ResourceVersion = _resourceVersion,
            TimeoutSeconds = (int)Math.Max(1, _options.WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble())),
        };
        LogWatching(_kind, _scope, _resourceVersion);
        await foreach (var change in _client.WatchAsync<T>(_options.Namespace, options, cancellationToken).ConfigureAwait(false))
        {
            _eventsDelivered++;
            var obj = change.Object;
            var key = ObjectCache<T>.KeyOf(obj);
            switch (change.Type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    // False: the cache already holds a newer version (e.g. DTaaS's own write), which was reported then.
                    if (Cache.Upsert(obj))
                    {
                        LogChanged(_kind, key, change.Type, obj.Metadata.ResourceVersion);
                        _onChanged(key);
                    }

                    break;
                case WatchEventType.Deleted:
                    Cache.Remove(key, obj.Metadata.ResourceVersion);
                    LogChanged(_kind, key, change.Type, obj.Metadata.ResourceVersion);
                    _onChanged(key);
                    break;
            }

            _resourceVersion = obj.Metadata.ResourceVersion ?? _resourceVersion;
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        if (_options.ResyncPeriod <= TimeSpan.Zero || _options.ResyncPeriod == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.ResyncPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!Cache.IsSynced)
                {
                    continue;
                }

                var keys = Cache.Keys;
                LogResync(_kind, _scope, keys.Count);
                foreach (var key in keys)
                {
                    _onChanged(key);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Between half and all of the backoff: informers that failed together do not reconnect together.
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.5 + (Random.Shared.NextDouble() / 2));

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Count} {Kind} in {Scope} at resourceVersion {ResourceVersion}: {Changed} new or changed, {Gone} gone")]
    private partial void LogListed(string kind, string scope, int count, string resourceVersion, int changed, int gone);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Key} vanished while the watch was down")]
    private partial void LogVanished(string kind, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watching {Kind} in {Scope} from resourceVersion {ResourceVersion}")]
    private partial void LogWatching(string kind, string scope, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Kind} {Key} {Change} at resourceVersion {ResourceVersion}")]
    private partial void LogChanged(string kind, string key, WatchEventType change, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} in {Scope} expired at resourceVersion {ResourceVersion} ({Reason}); relisting")]
    private partial void LogExpired(string kind, string scope, string? resourceVersion, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} in {Scope} closed at resourceVersion {ResourceVersion}; re-watching in {DelayMs} ms")]
    private partial void LogWatchClosed(string kind, string scope, string? resourceVersion, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} in {Scope} failed at resourceVersion {ResourceVersion} (attempt {Attempt}); reconnecting in {DelayMs} ms: {Reason}")]
    private partial void LogWatchFailed(Exception exception, string kind, string scope, string? resourceVersion, int attempt, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Resync of {Kind} in {Scope}: reporting {Count} keys again")]
    private partial void LogResync(string kind, string scope, int count);
}
