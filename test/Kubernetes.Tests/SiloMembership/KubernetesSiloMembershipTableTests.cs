using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.SiloMembership;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.Tests.SiloMembership;

/// <summary>Orleans 10's membership-table contract, against the standalone API.</summary>
public sealed class KubernetesSiloMembershipTableTests(SiloMembershipServer server) : IClassFixture<SiloMembershipServer>
{
    private const int Writers = 8;

    [Fact]
    public async Task A_new_table_is_empty_and_an_inserted_row_reads_back_with_the_next_version()
    {
        var table = await server.NewTableAsync();
        var empty = await table.ReadAll();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var entry = SiloMembershipServer.Entry(11111, SiloStatus.Active, proxyPort: 30000);
        entry.AddSuspector(SiloMembershipServer.Entry(11112).SiloAddress, SiloMembershipServer.Now());
        Assert.True(await table.InsertRow(entry, empty.Version.Next()));

        var all = await table.ReadAll();
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, all.Version.VersionEtag);
        var (read, etag) = Assert.Single(all.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        var row = await table.ReadRow(entry.SiloAddress);
        Assert.Equal(all.Version, row.Version);
        Assert.Equal(etag, Assert.Single(row.Members).Item2);
        Assert.Empty((await table.ReadRow(SiloMembershipServer.Entry(11112).SiloAddress)).Members);
    }

    [Fact]
    public async Task Of_concurrent_inserts_of_one_row_exactly_one_succeeds()
    {
        var table = await server.NewTableAsync();
        var version = (await table.ReadAll()).Version.Next();
        var entry = SiloMembershipServer.Entry(11111);

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => table.InsertRow(entry, version))));

        Assert.Single(results, r => r);
        var all = await table.ReadAll();
        Assert.Single(all.Members);
        Assert.Equal(1, all.Version.Version);
    }

    [Fact]
    public async Task Of_concurrent_inserts_of_different_rows_at_one_table_version_exactly_one_succeeds()
    {
        var table = await server.NewTableAsync();
        var version = (await table.ReadAll()).Version.Next();

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() => table.InsertRow(SiloMembershipServer.Entry(11111 + i), version))));

        Assert.Single(results, r => r);
        Assert.Single((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task Of_concurrent_updates_with_the_same_etags_exactly_one_succeeds_and_its_row_is_read()
    {
        var table = await server.NewTableAsync();
        var entry = SiloMembershipServer.Entry(11111);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadAll();
        var etag = Assert.Single(read.Members).Item2;

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
            (Name: $"writer-{i}", Won: await table.UpdateRow(WithName(entry, $"writer-{i}"), etag, read.Version.Next())))));

        var winner = Assert.Single(results, r => r.Won);
        var after = await table.ReadAll();
        Assert.Equal(2, after.Version.Version);
        var (row, rowEtag) = Assert.Single(after.Members);
        Assert.Equal(winner.Name, row.SiloName);
        Assert.NotEqual(etag, rowEtag);
    }

    [Fact]
    public async Task Heartbeats_change_neither_the_table_version_nor_the_etags_an_update_was_read_with()
    {
        var table = await server.NewTableAsync();
        var entry = SiloMembershipServer.Entry(11111);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadAll();
        var etag = Assert.Single(read.Members).Item2;

        var beat = SiloMembershipServer.Now().AddSeconds(5);
        for (var i = 0; i < 3; i++)
        {
            beat = beat.AddSeconds(1);
            await table.UpdateIAmAlive(WithHeartbeat(entry, beat));
        }

        var afterBeats = await table.ReadAll();
        Assert.Equal(read.Version, afterBeats.Version);
        var (beaten, beatenEtag) = Assert.Single(afterBeats.Members);
        Assert.Equal(etag, beatenEtag);
        Assert.Equal(beat, beaten.IAmAliveTime, TimeSpan.FromMilliseconds(1));

        // The etags read before the heartbeats still update the row.
        var active = WithHeartbeat(entry, SiloMembershipServer.Now());
        active.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRow(active, etag, read.Version.Next()));
        var updated = Assert.Single((await table.ReadAll()).Members).Item1;
        Assert.Equal(SiloStatus.Active, updated.Status);
        // The later heartbeat is kept over the older time the update carried.
        Assert.Equal(beat, updated.IAmAliveTime, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Heartbeats_interleaved_with_updates_never_make_an_update_fail()
    {
        var table = await server.NewTableAsync();
        var entry = SiloMembershipServer.Entry(11111);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        using var stop = new CancellationTokenSource();
        var beats = 0;
        var heartbeats = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await table.UpdateIAmAlive(WithHeartbeat(entry, SiloMembershipServer.Now()));
                Interlocked.Increment(ref beats);
                await Task.Delay(2);
            }
        });

        for (var i = 0; i < 10; i++)
        {
            var read = await table.ReadAll();
            var etag = Assert.Single(read.Members).Item2;
            // Let a heartbeat land between the read and the update.
            var seen = Volatile.Read(ref beats);
            while (Volatile.Read(ref beats) < seen + 1)
            {
                await Task.Delay(1);
            }
            Assert.True(await table.UpdateRow(WithName(entry, $"update-{i}"), etag, read.Version.Next()), $"update {i}");
        }
        await stop.CancelAsync();
        await heartbeats;

        var after = await table.ReadAll();
        Assert.Equal(10 + 1, after.Version.Version);
        Assert.Equal("update-9", Assert.Single(after.Members).Item1.SiloName);
    }

    [Fact]
    public async Task Versions_grow_by_one_with_every_write_and_each_has_a_new_etag()
    {
        var table = await server.NewTableAsync();
        var entries = Enumerable.Range(0, 3).Select(i => SiloMembershipServer.Entry(11111 + i)).ToList();
        var etags = new HashSet<string>();
        var previous = (await table.ReadAll()).Version;
        etags.Add(previous.VersionEtag);
        for (var i = 0; i < 15; i++)
        {
            var entry = entries[i % entries.Count];
            var current = await table.ReadAll();
            Assert.Equal(previous, current.Version);
            var written = i < entries.Count
                ? await table.InsertRow(entry, current.Version.Next())
                : await table.UpdateRow(WithName(entry, $"write-{i}"), current.Members.Single(m => m.Item1.SiloAddress.Equals(entry.SiloAddress)).Item2, current.Version.Next());
            Assert.True(written, $"write {i}");
            var next = (await table.ReadAll()).Version;
            Assert.Equal(previous.Version + 1, next.Version);
            Assert.True(etags.Add(next.VersionEtag), $"write {i} reused a table etag");
            previous = next;
        }
    }

    [Fact]
    public async Task A_stale_table_etag_a_stale_row_etag_a_missing_row_and_an_existing_row_are_refused()
    {
        var table = await server.NewTableAsync();
        var a = SiloMembershipServer.Entry(11111);
        var stale = (await table.ReadAll()).Version;
        Assert.True(await table.InsertRow(a, stale.Next()));

        Assert.False(await table.InsertRow(SiloMembershipServer.Entry(11112), stale.Next()));
        var staleRowEtag = Assert.Single((await table.ReadAll()).Members).Item2;
        Assert.False(await table.UpdateRow(a, staleRowEtag, stale.Next()));

        var current = await table.ReadAll();
        Assert.False(await table.InsertRow(a, current.Version.Next()));
        Assert.False(await table.UpdateRow(SiloMembershipServer.Entry(11113), staleRowEtag, current.Version.Next()));
        Assert.True(await table.UpdateRow(WithName(a, "moved"), staleRowEtag, current.Version.Next()));
        var now = await table.ReadAll();
        Assert.False(await table.UpdateRow(a, staleRowEtag, now.Version.Next()));

        // Nothing refused changed the table.
        Assert.Equal(2, now.Version.Version);
        Assert.Equal("moved", Assert.Single(now.Members).Item1.SiloName);
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_rows_last_updated_before_the_date()
    {
        var table = await server.NewTableAsync();
        var old = SiloMembershipServer.Now().AddHours(-1);
        var deadOld = SiloMembershipServer.Entry(11111, SiloStatus.Dead, at: old);
        var deadRecentlyDeclared = SiloMembershipServer.Entry(11112, SiloStatus.Dead, at: old);
        deadRecentlyDeclared.AddSuspector(deadOld.SiloAddress, SiloMembershipServer.Now());
        var deadRecentHeartbeat = SiloMembershipServer.Entry(11113, SiloStatus.Dead);
        var activeOld = SiloMembershipServer.Entry(11114, SiloStatus.Active, at: old);
        foreach (var entry in new[] { deadOld, deadRecentlyDeclared, deadRecentHeartbeat, activeOld })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        await table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddMinutes(-10));

        var left = (await table.ReadAll()).Members.Select(m => m.Item1.SiloAddress).ToHashSet();
        Assert.Equal([deadRecentlyDeclared.SiloAddress, deadRecentHeartbeat.SiloAddress, activeOld.SiloAddress], left.OrderBy(a => a.Endpoint.Port));
    }

    [Fact]
    public async Task Deleting_a_clusters_entries_leaves_another_clusters()
    {
        var firstScope = SiloMembershipServer.NewScope();
        var first = await server.NewTableAsync(firstScope);
        var second = await server.NewTableAsync();
        foreach (var table in new[] { first, second })
        {
            Assert.True(await table.InsertRow(SiloMembershipServer.Entry(11111), (await table.ReadAll()).Version.Next()));
            Assert.True(await table.InsertRow(SiloMembershipServer.Entry(11112), (await table.ReadAll()).Version.Next()));
        }
        await second.DeleteMembershipTableEntries(firstScope.ClusterId);

        Assert.Empty((await first.ReadAll()).Members);
        Assert.Null(await server.Client.TryGetAsync<DtSiloTable>(firstScope.TableName, SiloMembershipServer.Namespace));
        var kept = await second.ReadAll();
        Assert.Equal(2, kept.Members.Count);
        Assert.Equal(2, kept.Version.Version);
    }

    [Fact]
    public async Task A_write_committed_without_its_row_is_read_from_the_table_and_finished_by_the_next_writer()
    {
        var scope = SiloMembershipServer.NewScope();
        var table = await server.NewTableAsync(scope);
        var entry = SiloMembershipServer.Entry(11111);
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var row = await server.Client.GetAsync<DtSilo>(scope.RowName(entry.SiloAddress), SiloMembershipServer.Namespace);
        var stored = await server.Client.GetAsync<DtSiloTable>(scope.TableName, SiloMembershipServer.Namespace);

        // A writer that committed "Dead" and stopped before writing the row.
        var dead = row with { Status = nameof(SiloStatus.Dead), Etag = "committed-etag" };
        await server.Client.UpdateAsync(stored with { Version = 2, Etag = "table-etag-2", Pending = new DtSiloWrite { FromEtag = row.Etag, Silo = dead } });
        var later = SiloMembershipServer.Now().AddMinutes(1);
        await table.UpdateIAmAlive(WithHeartbeat(entry, later));

        var read = await table.ReadAll();
        Assert.Equal(new TableVersion(2, "table-etag-2"), read.Version);
        var (shown, shownEtag) = Assert.Single(read.Members);
        Assert.Equal((SiloStatus.Dead, "committed-etag"), (shown.Status, shownEtag));
        Assert.Equal((await table.ReadRow(entry.SiloAddress)).Members.Single().Item2, shownEtag);

        Assert.True(await table.InsertRow(SiloMembershipServer.Entry(11112), read.Version.Next()));
        var finished = await server.Client.GetAsync<DtSilo>(scope.RowName(entry.SiloAddress), SiloMembershipServer.Namespace);
        Assert.Equal((nameof(SiloStatus.Dead), "committed-etag"), (finished.Status, finished.Etag));
        Assert.Equal(later, finished.IAmAliveTime!.Value.UtcDateTime, TimeSpan.FromMilliseconds(1));
        Assert.Null((await server.Client.GetAsync<DtSiloTable>(scope.TableName, SiloMembershipServer.Namespace)).Pending);
    }

    private static MembershipEntry WithName(MembershipEntry entry, string name) => Like(entry, e => e.SiloName = name);

    private static MembershipEntry WithHeartbeat(MembershipEntry entry, DateTime alive) => Like(entry, e => e.IAmAliveTime = alive);

    /// <summary>A new entry for the same silo (the tests' entries differ in nothing else than these fields), then changed.</summary>
    private static MembershipEntry Like(MembershipEntry entry, Action<MembershipEntry> change)
    {
        var like = SiloMembershipServer.Entry(entry.SiloAddress.Endpoint.Port, entry.Status, entry.ProxyPort, entry.StartTime);
        like.SiloName = entry.SiloName;
        like.IAmAliveTime = entry.IAmAliveTime;
        change(like);
        return like;
    }
}
