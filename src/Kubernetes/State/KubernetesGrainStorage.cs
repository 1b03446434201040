using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Dtaas.Kubernetes.State;

/// <summary>
/// Orleans grain storage whose records are Kubernetes objects: the grain key is <c>namespace/name</c>, the state type is the
/// object's kind, the ETag is its resourceVersion. Reads come from the kind's informer cache once it is synced (a
/// reconcile costs no GET) unless the call carries a version of the object this cache has not reached (<see cref="ObservedVersion"/>);
/// writes go to the API with the ETag, so a stale write is a 409 and surfaces as
/// <see cref="InconsistentStateException"/>; what the API returns goes back into the cache (read-your-writes).
/// </summary>
public sealed partial class KubernetesGrainStorage(IKubernetesClient client, ObjectCaches caches, ILogger<KubernetesGrainStorage>? logger = null) : IGrainStorage
{
    private readonly ConcurrentDictionary<Type, Kind> _kinds = new();

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        KindOf<TState>().ReadAsync(grainId, grainState, cancellationToken);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        KindOf<TState>().WriteAsync(grainId, grainState, cancellationToken);

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken) =>
        KindOf<TState>().ClearAsync(grainId, grainState, cancellationToken);

    private Kind KindOf<TState>() => _kinds.GetOrAdd(typeof(TState), type =>
        typeof(IKubernetesObject).IsAssignableFrom(type)
            ? (Kind)Activator.CreateInstance(typeof(Kind<>).MakeGenericType(type), client, caches, logger ?? (ILogger)NullLogger.Instance)!
            : throw new InvalidOperationException($"{type.Name} is not a Kubernetes kind; the {nameof(KubernetesGrainStorage)} stores only Kubernetes objects."));

    /// <summary>The operations for one kind, closed over its type so the typed client can be used.</summary>
    private abstract class Kind
    {
        public abstract Task ReadAsync(GrainId grain, object grainState, CancellationToken cancellationToken);
        public abstract Task WriteAsync(GrainId grain, object grainState, CancellationToken cancellationToken);
        public abstract Task ClearAsync(GrainId grain, object grainState, CancellationToken cancellationToken);
    }

    private sealed partial class Kind<T>(IKubernetesClient client, ObjectCaches caches, ILogger logger) : Kind where T : KubernetesResource<T>, IKubernetesResource<T>, new()
    {
        private readonly ObjectCache<T> _cache = caches.For<T>();

        public override async Task ReadAsync(GrainId grain, object grainState, CancellationToken cancellationToken)
        {
            var state = (IGrainState<T>)grainState;
            var (ns, name) = Split(grain);
            var key = ObjectCache<T>.KeyOf(ns, name);
            T? found = _cache.TryGet(key, out var cached) ? cached : null;
            // The API answers before the first list, and when the leader reconciles a version this replica's watch has
            // not delivered yet. That copy stays out of the cache, where it could outlive a deletion the watch reports
            // meanwhile; the watch brings it.
            var ahead = ObservedVersion.AheadOf(key, found);
            if (ahead is not null)
            {
                LogBehind(T.ResourceKind.Kind, key, ahead, found?.Metadata.ResourceVersion ?? "none");
            }
            if ((found is null && !_cache.IsSynced) || ahead is not null)
            {
                found = await client.TryGetAsync<T>(name, ns, cancellationToken);
            }
            state.State = found ?? new T { Metadata = new ObjectMeta { Name = name, Namespace = ns } };
            state.ETag = found?.Metadata.ResourceVersion;
            state.RecordExists = found is not null;
        }

        public override async Task WriteAsync(GrainId grain, object grainState, CancellationToken cancellationToken)
        {
            var state = (IGrainState<T>)grainState;
            var (ns, name) = Split(grain);
            var current = state.State ?? throw new InvalidOperationException($"{T.ResourceKind.Kind} {ns}/{name}: there is no state to write");
            var desired = current.WithMetadata(current.Metadata with { Name = name, Namespace = ns, ResourceVersion = state.ETag });
            T stored;
            try
            {
                stored = state.RecordExists
                    ? await client.UpdateAsync(desired, cancellationToken)
                    : await client.CreateAsync(desired, cancellationToken);
            }
            catch (KubernetesConflictException e)
            {
                throw Stale(grain, state.ETag, e);
            }
            catch (KubernetesNotFoundException e)
            {
                throw Stale(grain, state.ETag, e);
            }
            state.State = stored;
            if (stored.Metadata.DeletionTimestamp is not null && stored.Metadata.Finalizers is not { Count: > 0 })
            {
                // This write removed the last finalizer, so the API deleted the object. Caching what it answered
                // could bring back an object whose DELETED event the watch has already delivered.
                _cache.Remove(ObjectCache<T>.KeyOf(ns, name), stored.Metadata.ResourceVersion);
                state.ETag = null;
                state.RecordExists = false;
                return;
            }
            _cache.Upsert(stored);
            state.ETag = stored.Metadata.ResourceVersion;
            state.RecordExists = true;
        }

        public override async Task ClearAsync(GrainId grain, object grainState, CancellationToken cancellationToken)
        {
            var state = (IGrainState<T>)grainState;
            var (ns, name) = Split(grain);
            try
            {
                await client.DeleteAsync<T>(name, ns, new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = state.ETag } }, cancellationToken);
            }
            catch (KubernetesNotFoundException)
            {
                // Already gone: that is what clearing wants.
            }
            catch (KubernetesConflictException e)
            {
                throw Stale(grain, state.ETag, e);
            }
            _cache.Remove(ObjectCache<T>.KeyOf(ns, name), state.ETag);
            state.ETag = null;
            state.RecordExists = false;
        }

        private InconsistentStateException Stale(GrainId grain, string? etag, KubernetesApiException error)
        {
            var (ns, name) = Split(grain);
            string? stored = _cache.TryGet(ObjectCache<T>.KeyOf(ns, name), out var cached) ? cached.Metadata.ResourceVersion : null;
            return new InconsistentStateException($"{T.ResourceKind.Kind} {ns}/{name} changed since it was read: {error.Message}", stored, etag);
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Key}: the leader reconciles version {Leader}, this replica's cache has {Here}; reading it from the API")]
        private partial void LogBehind(string kind, string key, string leader, string here);

        private static (string? Namespace, string Name) Split(GrainId grain)
        {
            var key = grain.Key.ToString();
            int slash = key.IndexOf('/');
            return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
        }
    }
}
