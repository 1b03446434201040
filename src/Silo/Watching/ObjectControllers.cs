using System.Diagnostics;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Kubernetes.State;
using Dtaas.Silo.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Dtaas.Silo.Watching;

/// <summary>
/// The watcher's controllers, one per kind, registered one line each as with controller-runtime's builder: a reconcile
/// of an object is a call to <see cref="IReconciler.Reconcile"/> on its grain (key <c>namespace/name</c>), traced, carrying
/// the version the leader's cache holds (<see cref="ObservedVersion"/>), and its answer is when to reconcile again.
/// </summary>
internal sealed class ObjectControllers(IKubernetesClient client, IGrainFactory grains, ObjectCaches caches, ControllerOptions options,
    ILoggerFactory loggerFactory)
{
    private readonly List<Kind> _kinds = [];

    /// <summary>Objects of <typeparamref name="TModel"/> (named <paramref name="kind"/> in traces) are reconciled by their <typeparamref name="TGrain"/>.</summary>
    public ObjectControllers For<TModel, TGrain>(string kind)
        where TModel : class, IKubernetesResource<TModel>
        where TGrain : IReconciler
    {
        var cache = caches.For<TModel>();
        var controller = new Controller<TModel>(client, Traced(kind, async (key, ct) =>
        {
            // The grain may live on a replica whose watch is behind this one: it reads what this cache holds, or newer.
            using var observed = ObservedVersion.Carry(cache, key);
            return await grains.GetGrain<TGrain>(key).Reconcile(ct) is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
        }), options, loggerFactory, cache: cache);
        _kinds.Add(new Kind(controller.RunAsync, controller.ReconcileAll, controller.WaitForSyncAsync));
        return this;
    }

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(_kinds.Select(k => k.Run(cancellationToken)));

    /// <summary>Every object of every kind is queued once, as if each had changed.</summary>
    public void ReconcileAll()
    {
        foreach (var kind in _kinds)
        {
            kind.ReconcileAll();
        }
    }

    /// <summary>Completes when every kind's first list is in.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(_kinds.Select(k => k.WaitForSync(cancellationToken)));

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

    private sealed record Kind(Func<CancellationToken, Task> Run, Action ReconcileAll, Func<CancellationToken, Task> WaitForSync);
}
