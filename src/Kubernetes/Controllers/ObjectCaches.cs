using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Controllers;

/// <summary>One <see cref="ObjectCache{T}"/> per kind, shared by that kind's informer and the grain storage.</summary>
public sealed class ObjectCaches
{
    private readonly ConcurrentDictionary<Type, object> _caches = new();

    public ObjectCache<T> For<T>() where T : class, IKubernetesResource<T> =>
        (ObjectCache<T>)_caches.GetOrAdd(typeof(T), static _ => new ObjectCache<T>());
}
