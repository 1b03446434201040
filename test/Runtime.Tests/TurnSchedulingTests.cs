using Dtaas.Runtime.Tests.Grains;

namespace Dtaas.Runtime.Tests;

public sealed class TurnSchedulingTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync();
    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Requests_of_one_activation_never_overlap_under_heavy_concurrency()
    {
        var grain = _silo.Factory.GetGrain<ITurnGrain>("busy");
        await Parallel.ForEachAsync(Enumerable.Range(0, 4000), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await grain.Work(i));

        Assert.Equal(0, _silo.Probe.Overlaps);
        Assert.Equal(1, _silo.Probe.MaxInside);
        Assert.Equal(4000, _silo.Probe.Order.Count);
    }

    [Fact]
    public async Task Requests_run_in_arrival_order()
    {
        var grain = _silo.Factory.GetGrain<ITurnGrain>("ordered");
        var calls = Enumerable.Range(0, 2000).Select(grain.Work).ToArray();
        await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 2000), _silo.Probe.Order);
    }

    [Fact]
    public async Task A_non_reentrant_grain_holds_later_calls_until_the_running_one_completes()
    {
        var grain = _silo.Factory.GetGrain<ITurnGrain>("exclusive");
        var blocked = grain.WaitAtGate("g1");
        var echo = grain.Echo("after");

        await Task.Delay(200);
        Assert.False(echo.IsCompleted, "a second call ran while the first still held the activation");

        _silo.Gates["g1"].SetResult();
        await blocked;
        Assert.Equal("after", await echo);
    }

    [Fact]
    public async Task An_always_interleave_method_runs_while_a_request_is_blocked()
    {
        var grain = _silo.Factory.GetGrain<ITurnGrain>("interleaved");
        var blocked = grain.WaitAtGate("g2");

        Assert.Equal("x", await grain.Interleaving("x").WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(blocked.IsCompleted);

        _silo.Gates["g2"].SetResult();
        await blocked;
        Assert.Equal(["enter g2", "interleave x", "leave g2"], _silo.Probe.Events.Where(e => !e.StartsWith("activate")));
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_requests_at_awaits()
    {
        var grain = _silo.Factory.GetGrain<IReentrantGrain>("reentrant");
        var blocked = grain.WaitAtGate("g3");

        Assert.Equal("y", await grain.Echo("y").WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(blocked.IsCompleted);
        _silo.Gates["g3"].SetResult();
        await blocked;
    }

    [Fact]
    public async Task Turns_of_a_reentrant_grain_never_run_in_parallel()
    {
        var grain = _silo.Factory.GetGrain<IReentrantGrain>("reentrant-busy");
        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => await grain.Work(i));

        Assert.Equal(0, _silo.Probe.Overlaps);
    }

    [Fact]
    public async Task A_timer_tick_never_overlaps_a_call()
    {
        var grain = _silo.Factory.GetGrain<ITurnGrain>("timer");
        await grain.StartTimer(periodMs: 1);
        await Parallel.ForEachAsync(Enumerable.Range(0, 3000), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await grain.Work(i));
        await Task.Delay(50);

        Assert.True(await grain.TimerTicks() > 0, "the timer never ticked");
        Assert.Equal(0, _silo.Probe.Overlaps);
    }

    [Fact]
    public async Task Ten_thousand_activations_under_parallel_load()
    {
        var keys = Enumerable.Range(0, 10_000).Select(i => $"ns/grain-{i}").ToArray();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (key, _) =>
        {
            var grain = _silo.Factory.GetGrain<ITurnGrain>(key);
            Assert.Equal(key, await grain.Echo(key));
            Assert.Equal(5, await grain.Add(5));
        });

        Assert.Equal(10_000, _silo.Probe.Activations);
        for (int i = 0; i < 10_000; i += 997)
        {
            Assert.Equal(5, await _silo.Factory.GetGrain<ITurnGrain>(keys[i]).ReadCounter());
        }
    }
}
