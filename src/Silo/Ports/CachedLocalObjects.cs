using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;
using Dtaas.Kubernetes.Controllers;

namespace Dtaas.Silo.Ports;

/// <summary>The silo's <see cref="ILocalObjects"/>: the informer caches the watcher bridge keeps filled.</summary>
public sealed class CachedLocalObjects(ObjectCaches caches) : ILocalObjects
{
    public IReadOnlyList<DtDomain> Domains() => [.. caches.For<DtDomain>().List()];

    public IReadOnlyList<DtPeer> Peers() => [.. caches.For<DtPeer>().List()];

    public IReadOnlyList<DtApp> Apps() => [.. caches.For<DtApp>().List()];

    public IReadOnlyList<DtService> Services() => [.. caches.For<DtService>().List()];

    public IReadOnlyList<DtUser> Users() => [.. caches.For<DtUser>().List()];

    public IReadOnlyList<DtServable> Servables() => [.. caches.For<DtServable>().List()];

    public IReadOnlyList<DtTrust> Trusts() => [.. caches.For<DtTrust>().List()];

    /// <summary>One lookup in the kind's cache: no copy of the list, nothing allocated (a grain's <c>Get()</c> answers from here).</summary>
    public T? Find<T>(string key) where T : class, IKubernetesResource<T> => caches.For<T>().TryGet(key, out var found) ? found : null;

    public Task SyncedAsync(CancellationToken cancellationToken) => Task.WhenAll(
        caches.For<DtDomain>().WaitForSyncAsync(cancellationToken),
        caches.For<DtPeer>().WaitForSyncAsync(cancellationToken),
        caches.For<DtApp>().WaitForSyncAsync(cancellationToken),
        caches.For<DtService>().WaitForSyncAsync(cancellationToken),
        caches.For<DtUser>().WaitForSyncAsync(cancellationToken),
        caches.For<DtServable>().WaitForSyncAsync(cancellationToken),
        caches.For<DtTrust>().WaitForSyncAsync(cancellationToken));
}
