using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Controllers;

/// <summary>
/// The newest known version of every object of one kind (an informer's store). Fed by the kind's watch and by
/// DTaaS's own writes (read-your-writes), read by the Kubernetes-backed grain storage so a reconcile needs no GET.
/// An update older than what is cached is ignored, so a late watch event never hides a newer write.
/// </summary>
public sealed class ObjectCache<T> where T : class, IKubernetesResource<T>
{
    private readonly ConcurrentDictionary<string, T> _objects = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _generation;

    /// <summary>The cache key of an object: <c>namespace/name</c> (just the name for cluster-scoped kinds).</summary>
    public static string KeyOf(string? @namespace, string name) => @namespace is null ? name : $"{@namespace}/{name}";

    public static string KeyOf(T obj) => KeyOf(obj.Metadata.Namespace, obj.Metadata.Name ?? "");

    /// <summary>
    /// Raised after each change to the content, from the thread that made it: <see cref="WatchEventType.Added"/> or
    /// <see cref="WatchEventType.Modified"/> with the object now cached, <see cref="WatchEventType.Deleted"/> with null.
    /// Handlers must be quick and not throw.
    /// </summary>
    public event Action<WatchEventType, string, T?>? Changed;

    /// <summary>True once the initial list has been loaded.</summary>
    public bool IsSynced => _synced.Task.IsCompleted;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public void MarkSynced() => _synced.TrySetResult();

    /// <summary>Changes with every change to the content: what is derived from the whole kind is derived again only then.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string key, out T obj) => _objects.TryGetValue(key, out obj!);

    public IReadOnlyCollection<T> List() => [.. _objects.Values];

    public IReadOnlyCollection<string> Keys => [.. _objects.Keys];

    /// <summary>Stores the object unless the cache already holds this or a newer version of it. Returns whether it was stored.</summary>
    public bool Upsert(T obj)
    {
        var key = KeyOf(obj);
        while (true)
        {
            if (!_objects.TryGetValue(key, out var current))
            {
                if (_objects.TryAdd(key, obj))
                {
                    Interlocked.Increment(ref _generation);
                    Changed?.Invoke(WatchEventType.Added, key, obj);
                    return true;
                }
                continue;
            }
            // The same version is nothing new either: the watch echoing DTaaS's own write must not reconcile again.
            if (IsOlder(obj.Metadata.ResourceVersion, current.Metadata.ResourceVersion) ||
                (obj.Metadata.ResourceVersion is { } version && version == current.Metadata.ResourceVersion))
            {
                return false;
            }
            if (_objects.TryUpdate(key, obj, current))
            {
                Interlocked.Increment(ref _generation);
                Changed?.Invoke(WatchEventType.Modified, key, obj);
                return true;
            }
        }
    }

    /// <summary>Forgets the object, unless the cache holds a version newer than the deleted one.</summary>
    public void Remove(string key, string? resourceVersion)
    {
        if (_objects.TryGetValue(key, out var current) && !IsOlder(resourceVersion, current.Metadata.ResourceVersion))
        {
            if (_objects.TryRemove(new KeyValuePair<string, T>(key, current)))
            {
                Interlocked.Increment(ref _generation);
                Changed?.Invoke(WatchEventType.Deleted, key, null);
            }
        }
    }

    /// <summary>Replaces the whole content after a (re)list: objects missing from the list are gone.</summary>
    public IReadOnlyCollection<string> Replace(IEnumerable<T> listed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in listed)
        {
            seen.Add(KeyOf(obj));
            Upsert(obj);
        }
        var gone = _objects.Keys.Where(k => !seen.Contains(k)).ToArray();
        foreach (var key in gone)
        {
            if (_objects.TryRemove(key, out _))
            {
                Interlocked.Increment(ref _generation);
                Changed?.Invoke(WatchEventType.Deleted, key, null);
            }
        }
        return gone;
    }

    // resourceVersions are opaque to clients, but both etcd and the standalone server hand out increasing integers;
    // when either side is not an integer, the newer arrival wins.
    private static bool IsOlder(string? candidate, string? current) =>
        long.TryParse(candidate, out var a) && long.TryParse(current, out var b) && a < b;
}
