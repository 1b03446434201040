using Dtaas.TestSupport;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Client;
using Dtaas.Kubernetes.LeaderElection;

namespace Dtaas.Kubernetes.Tests.LeaderElection;

public sealed class LeaderElectorTests : IAsyncDisposable
{
    private const string LeaseName = "dtaas-silo";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private readonly ManualTimeProvider _time = new();
    private readonly FakeLeaseApi _api = new();
    private readonly List<Candidate> _candidates = [];
    private int _leaders;
    private int _mostLeadersAtOnce;

    [Fact]
    public async Task Of_two_candidates_racing_for_an_absent_lease_exactly_one_leads()
    {
        var a = Start("a");
        var b = Start("b");

        await RunUntilAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, TimeSpan.FromSeconds(5));
        var (leader, standby) = a.Elector.IsLeader ? (a, b) : (b, a);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(1); elapsed += Step)
        {
            await AdvanceAsync(Step);
            Assert.True(leader.Elector.IsLeader);
            Assert.False(standby.Elector.IsLeader);
        }

        Assert.Equal(1, _mostLeadersAtOnce);
        Assert.Equal(0, standby.Started);
        Assert.Equal(leader.Elector.Identity, _api.Lease(LeaseName)!.Spec!.HolderIdentity);
        Assert.Equal(0, _api.Lease(LeaseName)!.Spec!.LeaseTransitions);
        Assert.Contains(leader.Elector.Identity, standby.LeadersSeen);
    }

    [Fact]
    public async Task A_standby_takes_over_once_the_leader_stops_renewing_and_the_leader_stops_first()
    {
        var a = Start("a");
        await RunUntilAsync(() => a.Elector.IsLeader, TimeSpan.FromSeconds(1));
        var b = Start("b");
        await RunUntilAsync(() => b.LeadersSeen.Contains("a"), TimeSpan.FromSeconds(5));

        a.Connection.Cut = true;
        var cutAt = _time.GetUtcNow();
        await RunUntilAsync(() => b.Elector.IsLeader, TimeSpan.FromSeconds(30));

        Assert.True(a.LeaderToken!.Value.IsCancellationRequested);
        Assert.False(a.Elector.IsLeader);
        Assert.Equal(1, a.Stopped);
        Assert.True(a.StoppedAt <= cutAt + TimeSpan.FromSeconds(10), $"a gave up at {a.StoppedAt - cutAt} after the cut");
        Assert.True(b.StartedAt - a.StoppedAt >= TimeSpan.FromSeconds(4), $"b started {b.StartedAt - a.StoppedAt} after a stopped");
        Assert.Equal(1, _mostLeadersAtOnce);
        Assert.Equal("b", _api.Lease(LeaseName)!.Spec!.HolderIdentity);
        Assert.Equal(1, _api.Lease(LeaseName)!.Spec!.LeaseTransitions);

        // Reconnected, the old leader sees b's lease and stays standby.
        a.Connection.Cut = false;
        await AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.False(a.Elector.IsLeader);
        Assert.True(b.Elector.IsLeader);
    }

    [Fact]
    public async Task The_leaders_token_is_cancelled_when_it_loses_the_lease_and_it_campaigns_again()
    {
        var a = Start("a");
        await RunUntilAsync(() => a.Elector.IsLeader, TimeSpan.FromSeconds(1));
        var token = a.LeaderToken!.Value;

        var lease = _api.Lease(LeaseName)!;
        _api.Put(lease with { Spec = lease.Spec! with { HolderIdentity = "intruder", RenewTime = _time.GetUtcNow() } });
        await RunUntilAsync(() => !a.Elector.IsLeader, TimeSpan.FromSeconds(3));

        Assert.True(token.IsCancellationRequested);
        Assert.Equal(1, a.Stopped);
        Assert.Contains("intruder", a.LeadersSeen);

        // The intruder never renews, so once its lease lapses a takes the lease back.
        await RunUntilAsync(() => a.Elector.IsLeader, TimeSpan.FromSeconds(20));
        Assert.Equal(2, a.Started);
        Assert.False(a.LeaderToken!.Value.IsCancellationRequested);
    }

    [Fact]
    public async Task A_cancelled_leader_releases_the_lease_so_the_standby_need_not_wait_it_out()
    {
        var a = Start("a");
        await RunUntilAsync(() => a.Elector.IsLeader, TimeSpan.FromSeconds(1));
        var b = Start("b");
        await RunUntilAsync(() => b.LeadersSeen.Contains("a"), TimeSpan.FromSeconds(5));

        await a.StopAsync();
        Assert.True(a.LeaderToken!.Value.IsCancellationRequested);
        Assert.Null(_api.Lease(LeaseName)!.Spec!.HolderIdentity);

        await RunUntilAsync(() => b.Elector.IsLeader, TimeSpan.FromSeconds(3));
        Assert.Equal(1, _mostLeadersAtOnce);
    }

    [Fact]
    public void Timings_that_would_let_two_lead_are_refused()
    {
        using var client = _api.Connect().CreateClient();
        var options = new LeaderElectionOptions { Identity = "a", LeaseName = LeaseName, LeaseNamespace = "default", RenewDeadline = TimeSpan.FromSeconds(20) };
        Assert.Throws<ArgumentException>(() => new LeaderElector(client, options));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var candidate in _candidates)
        {
            await candidate.StopAsync();
        }
    }

    private Candidate Start(string identity)
    {
        var connection = _api.Connect();
        var elector = new LeaderElector(
            connection.CreateClient(),
            new LeaderElectionOptions { Identity = identity, LeaseName = LeaseName, LeaseNamespace = "default" },
            _time);
        var candidate = new Candidate(elector, connection);
        elector.OnStartedLeading += token =>
        {
            var leaders = Interlocked.Increment(ref _leaders);
            InterlockedMax(ref _mostLeadersAtOnce, leaders);
            candidate.LeaderToken = token;
            candidate.Started++;
            candidate.StartedAt = _time.GetUtcNow();
        };
        elector.OnStoppedLeading += () =>
        {
            Interlocked.Decrement(ref _leaders);
            candidate.Stopped++;
            candidate.StoppedAt = _time.GetUtcNow();
        };
        elector.OnNewLeader += leader => candidate.LeadersSeen.Add(leader);
        candidate.Run = Task.Run(() => elector.RunAsync(candidate.Stop.Token));
        _candidates.Add(candidate);
        return candidate;
    }

    /// <summary>Moves fake time in small steps, giving the electors' continuations real time to run between them.</summary>
    private async Task AdvanceAsync(TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            _time.Advance(Step);
            await Task.Delay(2);
        }
    }

    private async Task RunUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        await Task.Delay(20);
        for (var elapsed = TimeSpan.Zero; !condition(); elapsed += Step)
        {
            Assert.True(elapsed < limit, $"Not reached within {limit} of (fake) time.");
            await AdvanceAsync(Step);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class Candidate(LeaderElector elector, FakeLeaseApi.Connection connection)
    {
        public LeaderElector Elector { get; } = elector;

        public FakeLeaseApi.Connection Connection { get; } = connection;

        public CancellationTokenSource Stop { get; } = new();

        public Task Run { get; set; } = Task.CompletedTask;

        public CancellationToken? LeaderToken { get; set; }

        public int Started { get; set; }

        public int Stopped { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset StoppedAt { get; set; }

        public System.Collections.Concurrent.ConcurrentBag<string> LeadersSeen { get; } = [];

        public async Task StopAsync()
        {
            await Stop.CancelAsync();
            await Run;
        }
    }
}
