using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Kubernetes.State;
using Dtaas.TestSupport;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Dtaas.Kubernetes.Tests.State;

/// <summary>
/// The Orleans storage provider whose records are the objects themselves, against the standalone API: the ETag is the
/// resourceVersion, and a write or delete over a version someone else changed is Orleans' InconsistentStateException
/// (the API's 409), which makes Orleans drop the activation so the next call reads the object again.
/// </summary>
public sealed class KubernetesGrainStorageTests : IAsyncLifetime
{
    private static readonly GrainId Domain = GrainId.Create("dtdomain", "node0/mydomain");
    private TestServer _server = null!;
    private KubernetesApiClient _client = null!;
    private KubernetesGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _client = KubernetesApiClient.FromKubeconfig(_server.Server.KubeconfigPath);
        _storage = new KubernetesGrainStorage(_client, new ObjectCaches());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_grain_reads_and_writes_its_object_with_the_resource_version_as_etag()
    {
        var state = new Held<DtDomain>();
        await _storage.ReadStateAsync("object", Domain, state);
        Assert.False(state.RecordExists);
        Assert.Equal(("mydomain", "node0"), (state.State.Metadata.Name, state.State.Metadata.Namespace));

        state.State = state.State with { Status = DtDomainStatus.Ready };
        await _storage.WriteStateAsync("object", Domain, state);

        var stored = await _client.GetAsync<DtDomain>("mydomain", "node0");
        Assert.True(state.RecordExists);
        Assert.Equal(stored.Metadata.ResourceVersion, state.ETag);
        Assert.Equal(DtDomainStatus.Ready, stored.Status);
    }

    [Fact]
    public async Task A_write_over_a_changed_object_is_an_inconsistent_state_with_both_versions_and_changes_nothing()
    {
        var (read, changed, state) = await ReadThenChangedByUserAsync();

        state.State = state.State with { Status = DtDomainStatus.Ready };
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("object", Domain, state));

        Assert.Equal(read.Metadata.ResourceVersion, stale.CurrentEtag);
        Assert.Contains("dtDomain node0/mydomain changed since it was read", stale.Message, StringComparison.OrdinalIgnoreCase);
        var after = await _client.GetAsync<DtDomain>("mydomain", "node0");
        Assert.Equal(changed.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.Null(after.Status);
    }

    [Fact]
    public async Task Clearing_with_a_stale_version_is_refused_and_with_the_current_one_deletes()
    {
        var (_, _, state) = await ReadThenChangedByUserAsync();

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("object", Domain, state));
        Assert.NotNull(await _client.TryGetAsync<DtDomain>("mydomain", "node0"));

        await _storage.ReadStateAsync("object", Domain, state);
        await _storage.ClearStateAsync("object", Domain, state);
        Assert.Null(await _client.TryGetAsync<DtDomain>("mydomain", "node0"));
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task A_replica_whose_cache_has_not_seen_an_object_yet_reads_the_version_the_leader_saw_and_only_for_that_object()
    {
        var (leader, replica, storage) = SyncedCaches();
        var created = await _client.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = "mydomain", Namespace = "node0" } });
        leader.For<DtDomain>().Upsert(created);

        // The replica's watch has not delivered the object: its cache alone says there is none.
        var state = new Held<DtDomain>();
        await storage.ReadStateAsync("object", Domain, state);
        Assert.False(state.RecordExists);
        using (ObservedVersion.Carry(leader.For<DtDomain>(), "node0/other"))
        {
            await storage.ReadStateAsync("object", Domain, state);
        }
        Assert.False(state.RecordExists);

        // The leader's reconcile of it: the read finds what the leader saw.
        using (ObservedVersion.Carry(leader.For<DtDomain>(), "node0/mydomain"))
        {
            await storage.ReadStateAsync("object", Domain, state);
        }
        Assert.True(state.RecordExists);
        Assert.Equal(created.Metadata.ResourceVersion, state.ETag);
        Assert.False(replica.For<DtDomain>().TryGet("node0/mydomain", out _));
    }

    [Fact]
    public async Task A_replica_whose_cache_holds_an_older_version_or_a_deleted_object_reads_what_the_leader_saw()
    {
        var (leader, replica, storage) = SyncedCaches();
        var (created, changed, _) = await ReadThenChangedByUserAsync();
        replica.For<DtDomain>().Upsert(created);
        leader.For<DtDomain>().Upsert(changed);
        var state = new Held<DtDomain>();
        using (ObservedVersion.Carry(leader.For<DtDomain>(), "node0/mydomain"))
        {
            await storage.ReadStateAsync("object", Domain, state);
        }
        Assert.Equal(changed.Metadata.ResourceVersion, state.ETag);

        await _client.DeleteAsync<DtDomain>("mydomain", "node0");
        leader.For<DtDomain>().Remove("node0/mydomain", null);
        using (ObservedVersion.Carry(leader.For<DtDomain>(), "node0/mydomain"))
        {
            await storage.ReadStateAsync("object", Domain, state);
        }
        Assert.False(state.RecordExists);
    }

    /// <summary>The leader's caches and another replica's, both past their first list, and the storage on the replica.</summary>
    private (ObjectCaches Leader, ObjectCaches Replica, KubernetesGrainStorage Storage) SyncedCaches()
    {
        var (leader, replica) = (new ObjectCaches(), new ObjectCaches());
        leader.For<DtDomain>().MarkSynced();
        replica.For<DtDomain>().MarkSynced();
        return (leader, replica, new KubernetesGrainStorage(_client, replica));
    }

    /// <summary>The grain reads the object, then a user changes it: what the grain holds is stale.</summary>
    private async Task<(DtDomain Read, DtDomain Changed, Held<DtDomain> State)> ReadThenChangedByUserAsync()
    {
        var created = await _client.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = "mydomain", Namespace = "node0" } });
        var state = new Held<DtDomain>();
        await _storage.ReadStateAsync("object", Domain, state);
        var changed = await _client.UpdateAsync(created with { Metadata = created.Metadata with { Labels = new Dictionary<string, string> { ["by"] = "user" } } });
        return (created, changed, state);
    }
}
