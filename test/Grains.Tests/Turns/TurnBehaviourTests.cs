using Dtaas.Grains.Interfaces;
using Orleans;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests.Turns;

/// <summary>
/// The turn rules the grains are written against, as Orleans keeps them: a grain without <c>[Reentrant]</c> runs one
/// request at a time to its end (a dtDomain never sees a member list arrive in the middle of a join), timer ticks are
/// turns too, and a <c>[Reentrant]</c> grain lets a second request run while the first awaits (a dtPeer answers while
/// its probe waits on the overlay).
/// </summary>
public sealed class TurnBehaviourTests : IAsyncLifetime
{
    private static readonly TimeSpan Held = TimeSpan.FromMilliseconds(200);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services.AddSerializer(serializer => serializer.AddDtaasModels()));
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddDtaasModels()));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_grain_without_reentrant_holds_the_second_request_until_the_first_ends()
    {
        var grain = _cluster.Client.GetGrain<ITurnGrain>("serial", grainClassNamePrefix: typeof(SerialTurnGrain).FullName);

        await Task.WhenAll(grain.Hold("a", Held), grain.Hold("b", Held));

        var log = await grain.Log();
        Assert.True(log.SequenceEqual(["start a", "end a", "start b", "end b"]) || log.SequenceEqual(["start b", "end b", "start a", "end a"]),
            string.Join(", ", log));
    }

    [Fact]
    public async Task A_reentrant_grain_runs_the_second_request_while_the_first_awaits()
    {
        var grain = _cluster.Client.GetGrain<ITurnGrain>("interleaving", grainClassNamePrefix: typeof(InterleavingTurnGrain).FullName);

        await Task.WhenAll(grain.Hold("a", Held), grain.Hold("b", Held));

        var log = await grain.Log();
        Assert.Equal(["start", "start", "end", "end"], log.Select(entry => entry.Split(' ')[0]));
    }

    [Fact]
    public async Task A_timer_tick_never_overlaps_a_request_of_a_serial_grain()
    {
        var grain = _cluster.Client.GetGrain<ITurnGrain>("ticking", grainClassNamePrefix: typeof(SerialTurnGrain).FullName);
        await grain.StartTicking(TimeSpan.FromMilliseconds(40));

        for (var i = 0; i < 5; i++)
        {
            await grain.Hold($"call{i}", TimeSpan.FromMilliseconds(30));
        }

        var log = await grain.Log();
        Assert.Contains("start tick", log);
        for (var i = 0; i < log.Count; i += 2)
        {
            Assert.StartsWith("start", log[i]);
            Assert.Equal("end" + log[i]["start".Length..], log[i + 1]);
        }
    }
}
