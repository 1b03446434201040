using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>
/// All objects in memory for fast reads, written through to SQLite. Writes are serialized, each
/// takes the next value of one global resourceVersion counter, is committed, then becomes visible
/// to readers and watchers in that order.
/// </summary>
internal sealed class ObjectStore : IAsyncDisposable
{
    private readonly SqliteObjectStore _durable;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<(string Namespace, string Name), StoredObject>> _byResource = new(StringComparer.Ordinal);
    private long _resourceVersion;

    private ObjectStore(SqliteObjectStore durable, IReadOnlyList<StoredObject> objects, long resourceVersion, ILogger logger)
    {
        _durable = durable;
        _logger = logger;
        _resourceVersion = resourceVersion;
        foreach (var stored in objects)
        {
            Bucket(stored.Key.Resource)[(stored.Key.Namespace, stored.Key.Name)] = stored;
        }
        Hub = new WatchHub(resourceVersion);
    }

    public WatchHub Hub { get; }

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public static async Task<ObjectStore> OpenAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        var durable = await SqliteObjectStore.OpenAsync(path, logger, cancellationToken);
        var (objects, rv) = await durable.LoadAllAsync(cancellationToken);
        return new ObjectStore(durable, objects, rv, logger);
    }

    public StoredObject? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _byResource.TryGetValue(key.Resource, out var bucket) ? bucket.GetValueOrDefault((key.Namespace, key.Name)) : null;
        }
    }

    /// <summary>A consistent snapshot of one resource (optionally one namespace) and the resourceVersion it is at.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(string resource, string? ns)
    {
        lock (_gate)
        {
            return (Snapshot(resource, ns), _resourceVersion);
        }
    }

    /// <summary>Every object of every resource in one namespace (namespace deletion removes them).</summary>
    public IReadOnlyList<StoredObject> InNamespace(string ns)
    {
        lock (_gate)
        {
            return _byResource.Values.SelectMany(b => b.Values).Where(o => o.Key.Namespace == ns).ToList();
        }
    }

    /// <summary>
    /// Atomically: the current objects matching the snapshot filter, and a subscription to every later change.
    /// This is a watch without a resourceVersion: synthetic ADDED events first, then the live stream.
    /// </summary>
    public (IReadOnlyList<StoredObject> Snapshot, WatchSubscription Subscription) SnapshotAndSubscribe(
        string resource, string? ns, Func<ChangeEvent, bool> filter)
    {
        lock (_gate)
        {
            return (Snapshot(resource, ns), Hub.Subscribe(filter, _resourceVersion));
        }
    }

    /// <summary>Runs <paramref name="decide"/> on the current state under the write lock and commits what it returns.</summary>
    public async Task<WriteOutcome> WriteAsync(ObjectKey key, Func<StoredObject?, WriteDecision> decide, bool dryRun, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var current = Get(key);
            var decision = decide(current);
            if (decision is WriteDecision.Unchanged)
            {
                return new WriteOutcome(current!, "UNCHANGED");
            }
            var (obj, type) = decision switch
            {
                WriteDecision.Put put => (put.Object, current is null ? "ADDED" : "MODIFIED"),
                WriteDecision.Delete delete => (delete.FinalState, "DELETED"),
                _ => throw new InvalidOperationException($"unknown decision {decision}"),
            };
            var rv = ResourceVersion + 1;
            if (dryRun)
            {
                // Nothing is committed, so the object keeps the version it had (none when new).
                SetResourceVersion(obj, current?.ResourceVersion);
                return new WriteOutcome(new StoredObject(key, current?.ResourceVersion ?? 0, obj.ToJsonString()), type);
            }
            SetResourceVersion(obj, rv);
            var json = obj.ToJsonString();
            await _durable.WriteAsync(key, rv, type == "DELETED" ? null : json, CancellationToken.None);
            var stored = new StoredObject(key, rv, json);
            lock (_gate)
            {
                if (type == "DELETED")
                {
                    Bucket(key.Resource).Remove((key.Namespace, key.Name));
                }
                else
                {
                    Bucket(key.Resource)[(key.Namespace, key.Name)] = stored;
                }
                _resourceVersion = rv;
                Hub.Publish(new ChangeEvent(type, key, rv, json, current?.Json));
            }
            _logger.LogDebug("{EventType} {Key} at resourceVersion {ResourceVersion}", type, key, rv);
            return new WriteOutcome(stored, type);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            await _durable.DisposeAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private List<StoredObject> Snapshot(string resource, string? ns) =>
        !_byResource.TryGetValue(resource, out var bucket)
            ? []
            : bucket.Values
                .Where(o => ns is null || o.Key.Namespace == ns)
                .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .ToList();

    private Dictionary<(string, string), StoredObject> Bucket(string resource)
    {
        if (!_byResource.TryGetValue(resource, out var bucket))
        {
            bucket = new Dictionary<(string, string), StoredObject>();
            _byResource[resource] = bucket;
        }
        return bucket;
    }

    private static void SetResourceVersion(JsonObject obj, long? rv)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }
        if (rv is null)
        {
            metadata.Remove("resourceVersion");
        }
        else
        {
            metadata["resourceVersion"] = rv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
