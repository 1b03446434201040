using Dtaas.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Dtaas.Runtime.Tests;

public sealed class StateTests
{
    [Fact]
    public async Task A_stale_state_write_throws_with_both_etags()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITurnGrain>("contended");
        await grain.Add(1);

        // Another writer changes the record behind the activation's back.
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        var other = new Snapshot<CounterState>();
        var id = new GrainId(typeof(ITurnGrain).FullName!, "contended");
        await storage.ReadStateAsync("counter", id, other, default);
        string readETag = other.ETag!;
        other.State.Value = 100;
        await storage.WriteStateAsync("counter", id, other, default);

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Add(1));
        Assert.Equal(other.ETag, error.StoredETag);
        Assert.Equal(readETag, error.CurrentETag);
        Assert.NotEqual(error.StoredETag, error.CurrentETag);
        Assert.Contains(error.StoredETag!, error.Message);
    }

    [Fact]
    public async Task Memory_storage_keeps_a_copy_not_the_grains_object()
    {
        await using var silo = await TestSilo.StartAsync();
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        var id = new GrainId("test", "copy");
        var state = new Snapshot<CounterState> { State = new CounterState { Value = 1 } };
        await storage.WriteStateAsync("s", id, state, default);
        state.State.Value = 99; // mutated after the write, not written

        var reread = new Snapshot<CounterState>();
        await storage.ReadStateAsync("s", id, reread, default);
        Assert.Equal(1, reread.State.Value);
        Assert.True(reread.RecordExists);
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_is_refused_and_a_fresh_one_clears()
    {
        await using var silo = await TestSilo.StartAsync();
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        var id = new GrainId("test", "clear");
        var first = new Snapshot<CounterState>();
        await storage.WriteStateAsync("s", id, first, default);
        var stale = new Snapshot<CounterState> { ETag = "0" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("s", id, stale, default));
        await storage.ClearStateAsync("s", id, first, default);

        var reread = new Snapshot<CounterState>();
        await storage.ReadStateAsync("s", id, reread, default);
        Assert.False(reread.RecordExists);
    }

    private sealed class Snapshot<T> : IGrainState<T> where T : new()
    {
        public T State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }
}
