using System.Diagnostics;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Dtaas.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests;

/// <summary>The dtPeer grain's probing, in an Orleans silo, of a member that never answers.</summary>
public sealed class DtPeerGrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);

    private readonly UnreachableFederation _federation = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await GrainTestSilo.StartAsync(services => services
            .AddSingleton(new FederationSettings("10.0.0.1", 51820) { ProbeInterval = Interval })
            .AddSingleton<IOverlayNetwork>(new RecordingOverlay())
            .AddSingleton<IEventRecorder>(new NoEvents())
            .AddSingleton<IFederationClient>(_federation)
            .AddSingleton<ILocalObjects>(new ListedObjects()));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_member_that_does_not_answer_is_asked_quickly_four_times_then_at_the_usual_pace()
    {
        var member = new DomainMember("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "node1.example.org", Bytes32.Random().ToBase64(), "10.0.0.2:51820", "100.64.0.2");
        await _cluster.Client.GetGrain<IDtPeerGrain>($"default/{member.NodeId}").Track(new PeerAssignment("mydomain", Guid.NewGuid(), member), default);

        await Eventually.Until(() => _federation.Probes.Count >= 9, "nine probes", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        // The first nine, taken once: probes go on arriving meanwhile.
        var probes = _federation.Probes.Take(9).ToList();
        var gaps = probes.Zip(probes.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).ToList();
        Assert.Equal(8, gaps.Count);
        // Quickly at first (a member that just joined shows connected as soon as it answers) ...
        Assert.Contains(gaps.Take(3), gap => gap < Interval * 0.75);
        // ... but not for ever: many members down at once, or a node too busy to answer, must not be asked four times as often.
        Assert.All(gaps.Skip(4), gap => Assert.True(gap >= Interval * 0.8, $"probes {gap.TotalMilliseconds:0} ms apart after four misses"));
    }
}
