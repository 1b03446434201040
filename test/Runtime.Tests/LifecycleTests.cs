using Dtaas.Runtime.Tests.Grains;

namespace Dtaas.Runtime.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task An_idle_activation_is_collected_and_comes_back_with_its_state()
    {
        await using var silo = await TestSilo.StartAsync(configure: o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(300);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
        });
        var grain = silo.Factory.GetGrain<ITurnGrain>("idle");
        Assert.Equal(3, await grain.Add(3));
        await grain.StartTimer(periodMs: 10); // timer ticks are not activity: they must not keep it alive

        await Eventually(() => silo.Probe.Deactivations == 1);
        Assert.Contains("deactivate idle Idle", silo.Probe.Events);

        Assert.Equal(7, await grain.Add(4));
        Assert.Equal(2, silo.Probe.Activations);
    }

    [Fact]
    public async Task A_busy_activation_is_not_collected()
    {
        await using var silo = await TestSilo.StartAsync(configure: o =>
        {
            o.CollectionAge = TimeSpan.FromSeconds(1);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
        });
        var grain = silo.Factory.GetGrain<ITurnGrain>("busy");
        for (int i = 0; i < 100; i++)
        {
            await grain.Echo("ping");
            await Task.Delay(30);
        }
        Assert.Equal(0, silo.Probe.Deactivations);
    }

    [Fact]
    public async Task DelayDeactivation_keeps_an_idle_activation_until_the_delay_is_over()
    {
        await using var silo = await TestSilo.StartAsync(configure: o =>
        {
            o.CollectionAge = TimeSpan.FromMilliseconds(100);
            o.CollectionQuantum = TimeSpan.FromMilliseconds(20);
        });
        var grain = silo.Factory.GetGrain<ITurnGrain>("kept");
        await grain.KeepAlive(ms: 1500);

        await Task.Delay(700); // several collection rounds past the age
        Assert.Equal(0, silo.Probe.Deactivations);
        await Eventually(() => silo.Probe.Deactivations == 1);
    }

    [Fact]
    public async Task DeactivateOnIdle_deactivates_after_the_call_and_the_next_call_reactivates()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITurnGrain>("bye");
        await grain.Add(1);
        await grain.Deactivate();
        await Eventually(() => silo.Probe.Deactivations == 1);

        Assert.Equal(2, await grain.Add(1));
        Assert.Equal(2, silo.Probe.Activations);
        Assert.Contains("deactivate bye Requested", silo.Probe.Events);
    }

    [Fact]
    public async Task Calls_queued_behind_a_deactivation_go_to_a_new_activation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Factory.GetGrain<ITurnGrain>("handover");
        await grain.Add(1);
        var deactivate = grain.Deactivate();
        var after = Enumerable.Range(0, 50).Select(_ => grain.Add(1)).ToArray();
        await deactivate;

        var results = await Task.WhenAll(after);
        Assert.Equal(Enumerable.Range(2, 50), results.Order());
    }

    [Fact]
    public async Task Stopping_the_silo_deactivates_every_activation()
    {
        var silo = await TestSilo.StartAsync();
        var probe = silo.Probe;
        for (int i = 0; i < 10; i++)
        {
            await silo.Factory.GetGrain<ITurnGrain>($"g{i}").Echo("x");
        }
        await silo.DisposeAsync();
        Assert.Equal(10, probe.Deactivations);
        Assert.Equal(10, probe.Events.Count(e => e.EndsWith("ShuttingDown")));
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            await Task.Delay(20);
        }
    }
}
