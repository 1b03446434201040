using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using System.Diagnostics;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Orleans;
using Orleans.Runtime;
using Dtaas.Silo.Telemetry;
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
        var domains = new Controller<DtDomain>(client, Traced("dtDomain", async (key, ct) =>
            await grains.GetGrain<IDtDomainGrain>(key).Reconcile(ct) is { } after ? ReconcileResult.After(after) : ReconcileResult.Done),
            options, loggerFactory, cache: caches.For<DtDomain>());
        var peers = new Controller<DtPeer>(client, Traced("dtPeer", async (key, ct) =>
        {
            await grains.GetGrain<IDtPeerGrain>(key).Reconcile(ct);
            return ReconcileResult.Done;
        }), options, loggerFactory, cache: caches.For<DtPeer>());

        var apps = new Controller<DtApp>(client, Traced("dtApp", async (key, ct) =>
        {
            await grains.GetGrain<IDtAppGrain>(key).Reconcile(ct);
            return ReconcileResult.Done;
        }), options, loggerFactory, cache: caches.For<DtApp>());
        var networks = new Controller<DtService>(client, Traced("dtService", async (key, ct) =>
            await grains.GetGrain<IDtServiceGrain>(key).Reconcile(ct) is { } after ? ReconcileResult.After(after) : ReconcileResult.Done),
            options, loggerFactory, cache: caches.For<DtService>());
        var users = new Controller<DtUser>(client, Traced("dtUser", async (key, ct) =>
            await grains.GetGrain<IDtUserGrain>(key).Reconcile(ct) is { } after ? ReconcileResult.After(after) : ReconcileResult.Done),
            options, loggerFactory, cache: caches.For<DtUser>());
        var servables = new Controller<DtServable>(client, Traced("dtServable", async (key, ct) =>
            await grains.GetGrain<IDtServableGrain>(key).Reconcile(ct) is { } after ? ReconcileResult.After(after) : ReconcileResult.Done),
            options, loggerFactory, cache: caches.For<DtServable>());
        var trusts = new Controller<DtTrust>(client, Traced("dtTrust", async (key, ct) =>
            await grains.GetGrain<ITrustGrain>(key).Reconcile(ct) is { } after ? ReconcileResult.After(after) : ReconcileResult.Done),
            options, loggerFactory, cache: caches.For<DtTrust>());
        // Services and Endpoints only fill caches: the gateway reads where an app's Service is from them.
        var services = new Informer<V1Service>(client, options.Informer, _ => { }, loggerFactory.CreateLogger<Informer<V1Service>>(), cache: caches.For<V1Service>());
        var endpoints = new Informer<V1Endpoints>(client, options.Informer, _ => { }, loggerFactory.CreateLogger<Informer<V1Endpoints>>(), cache: caches.For<V1Endpoints>());

        var running = Task.WhenAll(domains.RunAsync(cancellationToken), peers.RunAsync(cancellationToken), apps.RunAsync(cancellationToken),
            networks.RunAsync(cancellationToken), users.RunAsync(cancellationToken), servables.RunAsync(cancellationToken), trusts.RunAsync(cancellationToken),
            services.RunAsync(cancellationToken), endpoints.RunAsync(cancellationToken),
            ReconcileAllWhenASiloDiesAsync([domains.ReconcileAll, peers.ReconcileAll, apps.ReconcileAll, networks.ReconcileAll, users.ReconcileAll, trusts.ReconcileAll,
                servables.ReconcileAll], cancellationToken));
        await Task.WhenAny(Task.WhenAll(domains.WaitForSyncAsync(cancellationToken), peers.WaitForSyncAsync(cancellationToken),
            apps.WaitForSyncAsync(cancellationToken), networks.WaitForSyncAsync(cancellationToken), users.WaitForSyncAsync(cancellationToken),
            servables.WaitForSyncAsync(cancellationToken), trusts.WaitForSyncAsync(cancellationToken), services.Cache.WaitForSyncAsync(cancellationToken),
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
    private async Task ReconcileAllWhenASiloDiesAsync(IReadOnlyList<Action> reconcileAll, CancellationToken cancellationToken)
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
                    foreach (var all in reconcileAll)
                    {
                        all();
                    }
                }
                dead = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership ended.
        }
    }

    /// <summary>One span per reconcile of an object, named after its kind, failed when the reconcile throws.</summary>
    private static Func<string, CancellationToken, Task<ReconcileResult>> Traced(string kind, Func<string, CancellationToken, Task<ReconcileResult>> reconcile) =>
        async (key, cancellationToken) =>
        {
            using var activity = SiloActivities.StartForObject($"reconcile {kind}", ActivityKind.Internal, kind, key);
            try
            {
                return await reconcile(key, cancellationToken);
            }
            catch (Exception e)
            {
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                throw;
            }
        };
}
