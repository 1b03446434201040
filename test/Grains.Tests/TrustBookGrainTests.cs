using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Dtaas.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests;

/// <summary>
/// The trusts other nodes hold on this node's objects, as the trust book keeps them: each counts only while its home
/// keeps telling it (fail closed), a replayed older state changes nothing, and one home cannot speak for another's trust.
/// </summary>
public sealed class TrustBookGrainTests : IAsyncLifetime
{
    private const string Home = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string OtherHome = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static readonly FederationSettings Settings = new("10.0.0.1", 51820) { TrustLease = TimeSpan.FromSeconds(30) };
    private readonly ManualTimeProvider _clock = new();
    private InProcessTestCluster _cluster = null!;

    private ITrustBookGrain Book => _cluster.Client.GetGrain<ITrustBookGrain>("default");

    public async Task InitializeAsync() =>
        _cluster = await GrainTestSilo.StartAsync(services => services
            .AddSingleton(new NodeDescription("0123456789abcdef0123456789abcdef", "node0.example.org", DateTimeOffset.UnixEpoch, ""))
            .AddSingleton(Settings)
            .AddKeyedSingleton<TimeProvider>(GrainClock.Key, _clock)
            .AddSingleton<ILocalObjects>(new ListedObjects())
            .AddSingleton<IFederationClient>(new UnreachableFederation()));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static TrustedSet Set(long version, string home = Home, params string[] members) =>
        new("trust1", home, version, ["alice@node1.example.org"], members, ["object1"]);

    [Fact]
    public async Task A_trust_counts_while_its_home_keeps_telling_it_and_not_after_the_lease()
    {
        await Book.Apply(Set(1), default);
        _clock.Advance(Settings.TrustLease - TimeSpan.FromSeconds(1));
        Assert.Equal(1, Assert.Single(await Book.Live(default)).Version);

        // Told again: the lease starts over.
        await Book.Apply(Set(1), default);
        _clock.Advance(Settings.TrustLease - TimeSpan.FromSeconds(1));
        Assert.Single(await Book.Live(default));

        // A home cut off stops counting: nobody keeps a right its trustees may have revoked meanwhile.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await Book.Live(default));
    }

    [Fact]
    public async Task An_older_state_than_the_one_held_is_ignored()
    {
        await Book.Apply(Set(2, Home, "bob@node2.example.org"), default);
        await Book.Apply(Set(3), default); // bob removed

        await Book.Apply(Set(2, Home, "bob@node2.example.org"), default); // a replay of the state that had bob

        var live = Assert.Single(await Book.Live(default));
        Assert.Equal(3, live.Version);
        Assert.Empty(live.Members);
    }

    [Fact]
    public async Task A_trust_of_the_same_id_told_by_another_home_is_another_trust()
    {
        await Book.Apply(Set(1, Home), default);

        await Book.Apply(Set(5, OtherHome, "mallory@node3.example.org"), default);

        var live = await Book.Live(default);
        Assert.Equal(2, live.Count);
        Assert.Empty(Assert.Single(live, set => set.HomeNodeId == Home).Members);
    }

    [Fact]
    public async Task A_withdrawn_trust_counts_no_more_at_once()
    {
        await Book.Apply(Set(1), default);
        await Book.Apply(Set(1, OtherHome), default);

        await Book.Withdraw(Home, "trust1", default);

        Assert.Equal(OtherHome, Assert.Single(await Book.Live(default)).HomeNodeId);
    }
}
