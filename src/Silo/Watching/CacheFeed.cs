using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Watching;

/// <summary>
/// Keeps this silo's caches of the node's objects current while it does not lead: grains placed on any replica read
/// their objects from them. The leader stops it and runs the <see cref="WatcherBridge"/> instead, whose informers
/// fill the same caches; two informers on one cache would each hide from the other the changes it stored first.
/// </summary>
internal sealed class CacheFeed(IKubernetesClient client, ObjectCaches caches, string @namespace, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    // Started and stopped one call at a time: at start, around the leader's turn (which ends before disposal).
    private CancellationTokenSource? _stop;
    private Task _running = Task.CompletedTask;

    public void Start()
    {
        if (_stop is not null)
        {
            return;
        }
        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        _running = Task.Run(() => RunAsync(token));
    }

    public async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
        _stop = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private Task RunAsync(CancellationToken cancellationToken)
    {
        var options = new InformerOptions { Namespace = @namespace };
        return Task.WhenAll(Feed<DtDomain>(), Feed<DtPeer>(), Feed<DtApp>(), Feed<DtService>(), Feed<DtUser>(), Feed<DtServable>(), Feed<DtTrust>(), Feed<V1Service>(), Feed<V1Endpoints>());

        Task Feed<T>() where T : class, IKubernetesResource<T> =>
            new Informer<T>(client, options, _ => { }, loggerFactory.CreateLogger<Informer<T>>(), cache: caches.For<T>()).RunAsync(cancellationToken);
    }
}
