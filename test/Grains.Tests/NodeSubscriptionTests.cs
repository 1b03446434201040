using System.Threading.Channels;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Dtaas.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests;

/// <summary>
/// The node grain's subscriptions (issue 23): what the watcher sees reaches each subscriber once, numbered, with the
/// object as kubectl shows it; Unsubscribe and an expired subscription stop the calls; renewing keeps them coming.
/// </summary>
public sealed class NodeSubscriptionTests : IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(INodeGrain.SubscriptionLifetimeSeconds);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ScriptedObjectChanges _watcher = new();
    private readonly ManualTimeProvider _clock = new();
    private InProcessTestCluster _cluster = null!;

    private INodeGrain Node => _cluster.Client.GetGrain<INodeGrain>(INodeGrain.Self);

    public async Task InitializeAsync() =>
        _cluster = await GrainTestSilo.StartAsync(services => services
            .AddSingleton(new NodeDescription("0123456789abcdef0123456789abcdef", "node0.example.org", DateTimeOffset.UnixEpoch, ""))
            .AddSingleton<ILocalObjects>(new ListedObjects())
            .AddSingleton<IObjectChanges>(_watcher)
            .AddKeyedSingleton<TimeProvider>(GrainClock.Key, _clock));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Added_modified_and_deleted_reach_a_subscriber_numbered_in_order_with_the_object()
    {
        var observer = await SubscribeAsync();

        _watcher.Raise(new ObjectChange("dtapps", "default/web", ObjectChange.Added, App("web", "1")));
        _watcher.Raise(new ObjectChange("dtapps", "default/web", ObjectChange.Modified, App("web", "2")));
        _watcher.Raise(new ObjectChange("dtapps", "default/web", ObjectChange.Deleted, null));

        // One-way calls may arrive shuffled; the sequence numbers say the node's order.
        List<ObjectChange> heard = [await observer.NextAsync(), await observer.NextAsync(), await observer.NextAsync()];
        heard.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        Assert.Equal([heard[0].Sequence, heard[0].Sequence + 1, heard[0].Sequence + 2], heard.Select(c => c.Sequence));
        var (added, modified, deleted) = (heard[0], heard[1], heard[2]);
        Assert.Equal(("dtapps", "default/web", ObjectChange.Added), (added.Kind, added.Key, added.Type));
        var app = Assert.IsType<DtApp>(added.Object);
        Assert.Equal(("web", "1"), (app.Metadata.Name, app.Metadata.ResourceVersion));
        Assert.Equal(ObjectChange.Modified, modified.Type);
        Assert.Equal("2", Assert.IsType<DtApp>(modified.Object).Metadata.ResourceVersion);
        Assert.Equal((ObjectChange.Deleted, (object?)null), (deleted.Type, deleted.Object));
    }

    [Fact]
    public async Task Unsubscribe_stops_the_changes_and_a_second_subscribe_does_not_double_them()
    {
        var leaving = await SubscribeAsync();
        var staying = await SubscribeAsync();
        await Node.Subscribe(staying.Reference); // a renewal, not a second subscription
        await Node.Unsubscribe(leaving.Reference);

        await AssertOnlyStayingHearsAsync(staying, leaving);
    }

    [Fact]
    public async Task A_subscription_not_renewed_within_its_lifetime_expires_and_a_renewed_one_stays()
    {
        var lapsing = await SubscribeAsync();
        var renewed = await SubscribeAsync();
        _clock.Advance(Lifetime - TimeSpan.FromMinutes(1));
        await Node.Subscribe(renewed.Reference);
        _clock.Advance(TimeSpan.FromMinutes(2));

        await AssertOnlyStayingHearsAsync(renewed, lapsing);
    }

    [Fact]
    public async Task Subscriptions_beyond_the_limit_are_refused_until_one_expires()
    {
        var kept = new List<RecordingObserver>();
        for (var i = 0; i < INodeGrain.MaxSubscriptions; i++)
        {
            kept.Add(await SubscribeAsync());
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(SubscribeAsync);
        Assert.Contains($"at most {INodeGrain.MaxSubscriptions} subscriptions", refused.Message);
        await Node.Subscribe(kept[0].Reference); // a renewal is no new subscription
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));
        await SubscribeAsync();
    }

    /// <summary>
    /// Both observers live in this client and share its one connection: had the node called <paramref name="silent"/>
    /// with the first change, that call would arrive before the second change reaches <paramref name="staying"/>.
    /// </summary>
    private async Task AssertOnlyStayingHearsAsync(RecordingObserver staying, RecordingObserver silent)
    {
        _watcher.Raise(new ObjectChange("dtpeers", "default/node1", ObjectChange.Modified, null));
        Assert.Equal("default/node1", (await staying.NextAsync()).Key);
        _watcher.Raise(new ObjectChange("dtpeers", "default/node2", ObjectChange.Modified, null));
        Assert.Equal("default/node2", (await staying.NextAsync()).Key);

        Assert.False(silent.Heard);
        Assert.False(staying.Heard);
    }

    private async Task<RecordingObserver> SubscribeAsync()
    {
        var observer = new RecordingObserver();
        observer.Reference = _cluster.Client.CreateObjectReference<IObjectObserver>(observer);
        await Node.Subscribe(observer.Reference);
        return observer;
    }

    private static DtApp App(string name, string resourceVersion) =>
        new() { Metadata = new ObjectMeta { Name = name, Namespace = "default", ResourceVersion = resourceVersion } };

    private sealed class RecordingObserver : IObjectObserver
    {
        private readonly Channel<ObjectChange> _heard = Channel.CreateUnbounded<ObjectChange>();

        public IObjectObserver Reference { get; set; } = null!;

        /// <summary>Whether a change is waiting that the test has not taken.</summary>
        public bool Heard => _heard.Reader.TryPeek(out _);

        public void OnChanged(ObjectChange change) => _heard.Writer.TryWrite(change);

        public async Task<ObjectChange> NextAsync()
        {
            using var patience = new CancellationTokenSource(Patience);
            return await _heard.Reader.ReadAsync(patience.Token);
        }
    }
}
