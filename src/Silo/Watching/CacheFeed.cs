using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Watching;

/// <summary>
/// Keeps this silo's caches of the node's objects current on every replica, leader or not: grains placed on any silo
/// read their objects from them. Only the leader's <see cref="WatcherBridge"/> turns changes into grain calls.
/// </summary>
internal sealed class CacheFeed(IKubernetesClient client, ObjectCaches caches, string @namespace, ILoggerFactory loggerFactory)
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var options = new InformerOptions { Namespace = @namespace };
        return Task.WhenAll(Feed<DtDomain>(), Feed<DtPeer>(), Feed<DtApp>(), Feed<DtService>(), Feed<V1Service>(), Feed<V1Endpoints>());

        Task Feed<T>() where T : class, IKubernetesResource<T> =>
            new Informer<T>(client, options, _ => { }, loggerFactory.CreateLogger<Informer<T>>(), cache: caches.For<T>()).RunAsync(cancellationToken);
    }
}
