using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Orleans;
using Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Watching;

/// <summary>
/// Kubernetes events to grain calls: one controller per kind in the silo's namespace; each reconcile of an object is a
/// call to that object's grain (key <c>namespace/name</c>). The controllers coalesce bursts, retry failures with
/// backoff, relist and resync; the grains read the objects from the same caches the controllers fill.
/// </summary>
internal sealed class WatcherBridge(IKubernetesClient client, IGrainFactory grains, ObjectCaches caches, string @namespace,
    IClusterMembershipService membership, ILoggerFactory loggerFactory)
{
    /// <summary>Runs until cancelled; <paramref name="synced"/> is called once every kind's first list is in.</summary>
    public async Task RunAsync(Action synced, CancellationToken cancellationToken)
    {
        var options = new ControllerOptions { Informer = new InformerOptions { Namespace = @namespace } };
        var objects = new ObjectControllers(client, grains, caches, options, loggerFactory)
            .For<DtDomain, IDtDomainGrain>("dtDomain")
            .For<DtPeer, IDtPeerGrain>("dtPeer")
            .For<DtApp, IDtAppGrain>("dtApp")
            .For<DtService, IDtServiceGrain>("dtService")
            .For<DtUser, IDtUserGrain>("dtUser")
            .For<DtServable, IDtServableGrain>("dtServable")
            .For<DtTrust, IDtTrustGrain>("dtTrust");
        // Services and Endpoints only fill caches: the gateway reads where an app's Service is from them.
        var services = new Informer<V1Service>(client, options.Informer, _ => { }, loggerFactory.CreateLogger<Informer<V1Service>>(), cache: caches.For<V1Service>());
        var endpoints = new Informer<V1Endpoints>(client, options.Informer, _ => { }, loggerFactory.CreateLogger<Informer<V1Endpoints>>(), cache: caches.For<V1Endpoints>());

        var running = Task.WhenAll(objects.RunAsync(cancellationToken), services.RunAsync(cancellationToken), endpoints.RunAsync(cancellationToken),
            ReconcileAllWhenASiloDiesAsync(objects.ReconcileAll, cancellationToken));
        await Task.WhenAny(Task.WhenAll(objects.WaitForSyncAsync(cancellationToken), services.Cache.WaitForSyncAsync(cancellationToken),
            endpoints.Cache.WaitForSyncAsync(cancellationToken)), running);
        if (!running.IsCompleted)
        {
            synced();
        }
        await running;
    }

    /// <summary>
    /// Grains that lived on a replica that died come back on their next call, but their timers (probes, pushes,
    /// standing checks) only with an activation: every object is reconciled again when a silo of the node dies.
    /// </summary>
    private async Task ReconcileAllWhenASiloDiesAsync(Action reconcileAll, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<WatcherBridge>();
        var dead = membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Dead);
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var now = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Dead);
                if (now > dead)
                {
                    logger.LogInformation("A silo of this node died: every object in {Namespace} is reconciled again", @namespace);
                    reconcileAll();
                }
                dead = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership ended.
        }
    }
}
