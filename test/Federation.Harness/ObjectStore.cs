using System.Collections.Concurrent;
using System.Globalization;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Ports;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Dtaas.Federation.Harness;

/// <summary>
/// One node's Kubernetes API in memory: the grains' storage (keyed <c>StorageNames.Kubernetes</c>) and their
/// <see cref="ILocalObjects"/> view, with the API server's rules the grains rely on: resourceVersion is the ETag and a
/// stale write is an <see cref="InconsistentStateException"/>; a write to a missing record creates it (with a uid);
/// deleting an object with finalizers only marks its deletionTimestamp, and it goes when the last finalizer does.
/// The harness acts as the user through <see cref="Create{T}"/> and <see cref="Delete{T}"/>.
/// </summary>
public sealed class ObjectStore : IGrainStorage, ILocalObjects, ISecretKeys, IObjectChanges
{
    private readonly ConcurrentDictionary<Type, Kind> _kinds = new();
    private readonly Lock _writes = new();
    private long _version;

    /// <summary>Raised after every change (the object as stored, or as it was when deleted); stands in for a watch.</summary>
    public event Action<IKubernetesObject>? Changed;

    /// <summary>Raised after every change to a dt object, typed as the node's watcher reports it.</summary>
    private event Action<ObjectChange>? ObjectChanged;

    public IDisposable Listen(Action<ObjectChange> onChange)
    {
        ObjectChanged += onChange;
        return new Listening(() => ObjectChanged -= onChange);
    }

    public IReadOnlyList<DtDomain> Domains() => KindOf<DtDomain>().List();

    public IReadOnlyList<DtPeer> Peers() => KindOf<DtPeer>().List();

    public IReadOnlyList<DtApp> Apps() => KindOf<DtApp>().List();

    public IReadOnlyList<DtService> Services() => KindOf<DtService>().List();

    public IReadOnlyList<DtUser> Users() => KindOf<DtUser>().List();

    public IReadOnlyList<DtServable> Servables() => KindOf<DtServable>().List();

    public IReadOnlyList<DtTrust> Trusts() => KindOf<DtTrust>().List();

    public Task SyncedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<SecretKeyValue> ReadAsync(string @namespace, string secret, string key, CancellationToken cancellationToken) =>
        Task.FromResult(SecretKeys.Of(Get<V1Secret>(@namespace, secret), secret, key));

    public T? Get<T>(string @namespace, string name) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        KindOf<T>().Get($"{@namespace}/{name}");

    /// <summary>What <c>kubectl create</c> does: the object must not exist; the store assigns uid and resourceVersion.</summary>
    public T Create<T>(T obj) where T : KubernetesResource<T>, IKubernetesResource<T>, new()
    {
        var state = new Record<T> { State = obj };
        KindOf<T>().Write($"{obj.Metadata.Namespace}/{obj.Metadata.Name}", state);
        return state.State;
    }

    /// <summary>What <c>kubectl edit</c> does: replaces the object as it is now (its resourceVersion is taken from the store).</summary>
    public T Update<T>(T obj) where T : KubernetesResource<T>, IKubernetesResource<T>, new()
    {
        var key = $"{obj.Metadata.Namespace}/{obj.Metadata.Name}";
        var current = KindOf<T>().Get(key) ?? throw new InvalidOperationException($"{T.ResourceKind.Kind} {key} does not exist");
        var state = new Record<T> { State = obj, ETag = current.Metadata.ResourceVersion, RecordExists = true };
        KindOf<T>().Write(key, state);
        return state.State;
    }

    /// <summary>What <c>kubectl delete</c> does; true when the object existed.</summary>
    public bool Delete<T>(string @namespace, string name) where T : KubernetesResource<T>, IKubernetesResource<T>, new()
    {
        var kind = KindOf<T>();
        var key = $"{@namespace}/{name}";
        if (kind.Get(key) is not { } current)
        {
            return false;
        }
        kind.Clear(key, new Record<T> { State = current, ETag = current.Metadata.ResourceVersion, RecordExists = true });
        return true;
    }

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState)
    {
        KindOf(typeof(TState)).Read(grainId.Key.ToString(), grainState);
        return Task.CompletedTask;
    }

    /// <summary>When set, every grain's write fails with it, as writes do while the API server is unreachable.</summary>
    public Exception? FailWrites { get; set; }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState)
    {
        if (FailWrites is { } failure)
        {
            return Task.FromException(failure);
        }
        KindOf(typeof(TState)).Write(grainId.Key.ToString(), grainState);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState)
    {
        KindOf(typeof(TState)).Clear(grainId.Key.ToString(), grainState);
        return Task.CompletedTask;
    }

    private Kind<T> KindOf<T>() where T : KubernetesResource<T>, IKubernetesResource<T>, new() => (Kind<T>)KindOf(typeof(T));

    private Kind KindOf(Type type) => _kinds.GetOrAdd(type, t => typeof(IKubernetesObject).IsAssignableFrom(t)
        ? (Kind)Activator.CreateInstance(typeof(Kind<>).MakeGenericType(t), this)!
        : throw new InvalidOperationException($"{t.Name} is not a Kubernetes kind"));

    private string NextVersion() => Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture);

    private void Raise(IKubernetesObject changed) => Changed?.Invoke(changed);

    private void Raise<T>(string type, string key, T? obj) where T : KubernetesResource<T>, IKubernetesResource<T>, new()
    {
        if (T.ResourceKind.Group == ResourceKinds.DtaasGroup)
        {
            ObjectChanged?.Invoke(new ObjectChange(T.ResourceKind.Plural, key, type, obj));
        }
    }

    private sealed class Listening(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }

    private abstract class Kind
    {
        public abstract void Read(string key, object grainState);
        public abstract void Write(string key, object grainState);
        public abstract void Clear(string key, object grainState);
    }

    /// <summary>The objects of one kind by <c>namespace/name</c>; changes take the store's lock so an ETag check and its swap are one step.</summary>
    private sealed class Kind<T>(ObjectStore store) : Kind where T : KubernetesResource<T>, IKubernetesResource<T>, new()
    {
        private readonly ConcurrentDictionary<string, T> _objects = new(StringComparer.Ordinal);

        public T? Get(string key) => _objects.GetValueOrDefault(key);

        public IReadOnlyList<T> List() => [.. _objects.Values];

        public override void Read(string key, object grainState)
        {
            var state = (IGrainState<T>)grainState;
            var found = Get(key);
            var (ns, name) = Split(key);
            state.State = found ?? new T { Metadata = new ObjectMeta { Name = name, Namespace = ns } };
            state.ETag = found?.Metadata.ResourceVersion;
            state.RecordExists = found is not null;
        }

        public override void Write(string key, object grainState)
        {
            var state = (IGrainState<T>)grainState;
            var (ns, name) = Split(key);
            T stored;
            string type;
            lock (store._writes)
            {
                var current = Get(key);
                if (state.RecordExists ? current?.Metadata.ResourceVersion != state.ETag : current is not null)
                {
                    throw Stale(key, current, state.ETag);
                }
                // uid, creation and deletion timestamps belong to the server, as with the API server's update.
                var written = state.State ?? throw new InvalidOperationException($"{key}: there is no state to write");
                stored = written.WithMetadata(written.Metadata with
                {
                    Name = name,
                    Namespace = ns,
                    Uid = current?.Metadata.Uid ?? state.State.Metadata.Uid ?? Guid.NewGuid().ToString(),
                    CreationTimestamp = current?.Metadata.CreationTimestamp ?? DateTimeOffset.UtcNow,
                    ResourceVersion = store.NextVersion(),
                    DeletionTimestamp = current?.Metadata.DeletionTimestamp,
                });
                if (stored.Metadata.DeletionTimestamp is not null && stored.Metadata.Finalizers is not { Count: > 0 })
                {
                    _objects.TryRemove(key, out _); // the last finalizer went: the deletion completes
                    type = ObjectChange.Deleted;
                }
                else
                {
                    _objects[key] = stored;
                    type = current is null ? ObjectChange.Added : ObjectChange.Modified;
                }
            }
            state.State = stored;
            state.ETag = stored.Metadata.ResourceVersion;
            state.RecordExists = true;
            store.Raise(stored);
            store.Raise(type, key, type == ObjectChange.Deleted ? null : stored);
        }

        public override void Clear(string key, object grainState)
        {
            var state = (IGrainState<T>)grainState;
            T? changed = null;
            lock (store._writes)
            {
                var current = Get(key);
                if (current is not null && state.ETag is not null && current.Metadata.ResourceVersion != state.ETag)
                {
                    throw Stale(key, current, state.ETag);
                }
                if (current is { Metadata.Finalizers.Count: > 0 })
                {
                    changed = current.Metadata.DeletionTimestamp is null
                        ? current.WithMetadata(current.Metadata with { DeletionTimestamp = DateTimeOffset.UtcNow, ResourceVersion = store.NextVersion() })
                        : null;
                    if (changed is not null)
                    {
                        _objects[key] = changed;
                    }
                }
                else if (current is not null)
                {
                    _objects.TryRemove(key, out _);
                    changed = current;
                }
            }
            state.ETag = null;
            state.RecordExists = false;
            if (changed is not null)
            {
                store.Raise(changed);
                var marked = changed.Metadata.DeletionTimestamp is not null && changed.Metadata.Finalizers is { Count: > 0 };
                store.Raise(marked ? ObjectChange.Modified : ObjectChange.Deleted, key, marked ? changed : null);
            }
        }

        private static InconsistentStateException Stale(string key, T? current, string? etag) =>
            new($"{T.ResourceKind.Kind} {key} changed since it was read", current?.Metadata.ResourceVersion, etag);

        private static (string Namespace, string Name) Split(string key)
        {
            int slash = key.IndexOf('/');
            return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
        }
    }

    /// <summary>A grain-state holder for the user's own writes.</summary>
    private sealed class Record<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
