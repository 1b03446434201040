using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Kubernetes.State;
using Dtaas.Kubernetes.Tests.Controllers;
using Dtaas.TestSupport;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.Tests.State;

/// <summary>
/// A node of several replicas: the leader's controller reconciles, the object's grain may live on another replica and
/// reads through that replica's storage, whose cache its own informer feeds (a standby's cache feed). Both watches get
/// each new object at about the same time, so the leader's call can come first; without the version it carries, that
/// grain found no object, called the reconcile done, and the object was not reconciled again until the next resync.
/// </summary>
public sealed class ReconcileOnAnotherReplicaTests
{
    private const int Objects = 200;

    [Fact]
    public async Task Every_object_created_is_read_by_its_reconcile_on_a_replica_whose_watch_may_be_behind()
    {
        await using var api = await ApiServerHarness.StartAsync();
        var options = new InformerOptions { Namespace = ApiServerHarness.Namespace, ResyncPeriod = Timeout.InfiniteTimeSpan };
        var replica = new ObjectCaches();
        api.Run(new Informer<DtDomain>(api.Client, options, _ => { }, cache: replica.For<DtDomain>()).RunAsync);
        var storage = new KubernetesGrainStorage(api.Client, replica);
        var leader = new ObjectCaches();
        var read = new ConcurrentDictionary<string, bool>();
        var controller = new Controller<DtDomain>(api.Client, async (key, cancellationToken) =>
        {
            // As the watcher bridge calls an object's grain: the call carries what the leader's cache holds.
            using var observed = ObservedVersion.Carry(leader.For<DtDomain>(), key);
            var state = new Held<DtDomain>();
            await storage.ReadStateAsync("object", GrainId.Create("dtdomain", key), state, cancellationToken);
            read.AddOrUpdate(key, state.RecordExists, (_, before) => before || state.RecordExists);
            return ReconcileResult.Done;
        }, new ControllerOptions { Informer = options }, cache: leader.For<DtDomain>());
        api.Run(controller.RunAsync);
        await Task.WhenAll(controller.WaitForSyncAsync(CancellationToken.None), replica.For<DtDomain>().WaitForSyncAsync(CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(15));

        for (var i = 0; i < Objects; i++)
        {
            await api.CreateDomainAsync($"d{i}");
        }

        await Eventually.Until(() => read.Count == Objects, $"a reconcile of each of the {Objects} objects");
        Assert.Empty(read.Where(r => !r.Value).Select(r => r.Key));
    }
}
