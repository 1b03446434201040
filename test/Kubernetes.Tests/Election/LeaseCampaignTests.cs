using System.Diagnostics;
using Dtaas.Kubernetes.Election;
using Dtaas.TestSupport;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.Tests.Election;

/// <summary>
/// Leader election through the library's LeaderElector and LeaseLock against the standalone API: one candidate
/// leads and renews, a standby takes over when the leader dies (after the lease duration) or stops (at once).
/// </summary>
public sealed class LeaseCampaignTests
{
    private static LeaseCampaignOptions Fast(string identity, bool releaseOnCancel = true) => new()
    {
        Identity = identity,
        LeaseName = "dtaas",
        LeaseNamespace = "node0",
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(300),
        ReleaseOnCancel = releaseOnCancel,
    };

    private static IKubernetes Connect(TestServer server) =>
        new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Server.KubeconfigPath));

    [Fact]
    public async Task The_leader_renews_its_lease_and_releases_it_when_stopped()
    {
        await using var server = await TestServer.StartAsync();
        using var api = Connect(server);
        var campaign = new LeaseCampaign(api, Fast("silo-a"), NullLogger<LeaseCampaign>.Instance);
        var started = new TaskCompletionSource<CancellationToken>();
        var stopped = new TaskCompletionSource();
        campaign.OnStartedLeading += token => started.TrySetResult(token);
        campaign.OnStoppedLeading += () => stopped.TrySetResult();
        using var stop = new CancellationTokenSource();
        var run = campaign.RunAsync(stop.Token);

        var leading = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var first = await api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0");
        var renewed = await Eventually.Until(() => api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0"),
            lease => lease.Spec.RenewTime > first.Spec.RenewTime, TimeSpan.FromSeconds(10), "the lease renewed", TimeSpan.FromMilliseconds(50));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("silo-a", first.Spec.HolderIdentity);
        Assert.True(renewed.Spec.RenewTime > first.Spec.RenewTime);
        Assert.True(leading.IsCancellationRequested);
        Assert.True(stopped.Task.IsCompleted);
        Assert.Equal("", (await api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0")).Spec.HolderIdentity);
    }

    [Theory]
    [InlineData(false, 2.5, 6.0)]
    [InlineData(true, 0.0, 2.5)]
    public async Task A_standby_takes_over_after_the_lease_duration_when_the_leader_dies_and_at_once_when_it_stops(
        bool leaderReleases, double atLeastSeconds, double atMostSeconds)
    {
        await using var server = await TestServer.StartAsync();
        using var api = Connect(server);
        var (leaderStarted, stopLeader, leaderRun) = Start(api, Fast("silo-a", releaseOnCancel: leaderReleases));
        await leaderStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var standbySaw = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (standbyStarted, stopStandby, standbyRun) = Start(api, Fast("silo-b"), leader => standbySaw.TrySetResult(leader));
        // The standby has tried (it saw the leader), and tried again since (its 300 ms retries) over a renewal of the lease.
        Assert.Equal("silo-a", await standbySaw.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var seen = await api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0");
        await Eventually.Until(() => api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0"),
            lease => lease.Spec.RenewTime > seen.Spec.RenewTime, TimeSpan.FromSeconds(10), "the leader's next renewal", TimeSpan.FromMilliseconds(50));
        Assert.False(standbyStarted.Task.IsCompleted);

        // Without a release the lease is left as a killed process leaves it: held, and no longer renewed. Timed from
        // the stop itself: the leader's loop may take a moment to end after it, and the lease runs out regardless.
        var since = Stopwatch.StartNew();
        await stopLeader.CancelAsync();
        await leaderRun;
        await standbyStarted.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var tookOver = since.Elapsed.TotalSeconds;

        Assert.InRange(tookOver, atLeastSeconds, atMostSeconds);
        Assert.Equal("silo-b", (await api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0")).Spec.HolderIdentity);
        await stopStandby.CancelAsync();
        await standbyRun;
    }

    [Fact]
    public async Task A_standby_that_breaks_the_lease_of_a_dead_holder_leads_at_its_next_try_and_leaves_a_live_holders_lease_alone()
    {
        await using var server = await TestServer.StartAsync();
        using var api = Connect(server);
        var slow = Fast("silo-a", releaseOnCancel: false) with { LeaseDuration = TimeSpan.FromSeconds(60), RenewDeadline = TimeSpan.FromSeconds(2) };
        var (leaderStarted, stopLeader, leaderRun) = Start(api, slow);
        await leaderStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var standby = new LeaseCampaign(api, Fast("silo-b") with { LeaseDuration = TimeSpan.FromSeconds(60), RenewDeadline = TimeSpan.FromSeconds(2) },
            NullLogger<LeaseCampaign>.Instance);
        var standbyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        standby.OnStartedLeading += _ => standbyStarted.TrySetResult();
        using var stopStandby = new CancellationTokenSource();
        var standbyRun = standby.RunAsync(stopStandby.Token);

        // Only the holder named is broken: a lease someone else holds stays.
        Assert.False(await standby.BreakAsync("silo-c", CancellationToken.None));
        Assert.Equal("silo-a", (await api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0")).Spec.HolderIdentity);

        // Killed: the lease would stay held for its 60 s; broken, the standby leads at its next try.
        await stopLeader.CancelAsync();
        await leaderRun;
        Assert.True(await standby.BreakAsync("silo-a", CancellationToken.None));
        await standbyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("silo-b", (await api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0")).Spec.HolderIdentity);
        await stopStandby.CancelAsync();
        await standbyRun;
    }

    [Fact]
    public async Task With_the_default_timings_a_standby_leads_within_about_15_s_of_the_leaders_death()
    {
        await using var server = await TestServer.StartAsync();
        using var api = Connect(server);
        static LeaseCampaignOptions Defaults(string identity, bool release) =>
            new() { Identity = identity, LeaseName = "dtaas", LeaseNamespace = "node0", ReleaseOnCancel = release };
        var (leaderStarted, stopLeader, leaderRun) = Start(api, Defaults("silo-a", release: false));
        await leaderStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var (standbyStarted, stopStandby, standbyRun) = Start(api, Defaults("silo-b", release: true));

        await stopLeader.CancelAsync();
        await leaderRun;
        var since = Stopwatch.StartNew();
        await standbyStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.InRange(since.Elapsed.TotalSeconds, 10, 20);
        await stopStandby.CancelAsync();
        await standbyRun;
    }

    [Fact]
    public async Task A_leader_cut_from_the_API_stops_leading_before_a_standby_takes_the_lease_and_leads_again_when_it_wins_it_back()
    {
        await using var server = await TestServer.StartAsync();
        using var api = Connect(server);
        var path = new CuttablePath();
        using var leaderApi = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Server.KubeconfigPath), path);
        var leader = new LeaseCampaign(leaderApi, Fast("silo-a"), NullLogger<LeaseCampaign>.Instance);
        var terms = new List<(DateTimeOffset Started, TaskCompletionSource<DateTimeOffset> Stopped)>();
        leader.OnStartedLeading += token =>
        {
            var stopped = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            token.Register(() => stopped.TrySetResult(DateTimeOffset.UtcNow));
            lock (terms)
            {
                terms.Add((DateTimeOffset.UtcNow, stopped));
            }
        };
        using var stopLeader = new CancellationTokenSource();
        var leaderRun = leader.RunAsync(stopLeader.Token);
        await Eventually.Until(() => Task.FromResult(terms.Count), n => n == 1, TimeSpan.FromSeconds(10), "silo-a to lead");
        var standbyStartedAt = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var standby = new LeaseCampaign(api, Fast("silo-b"), NullLogger<LeaseCampaign>.Instance);
        standby.OnStartedLeading += _ => standbyStartedAt.TrySetResult(DateTimeOffset.UtcNow);
        using var stopStandby = new CancellationTokenSource();
        var standbyRun = standby.RunAsync(stopStandby.Token);

        // Its requests to the API hang (dropped packets, not refused connections); the process goes on.
        path.Cut();
        var fenced = await terms[0].Stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var tookOver = await standbyStartedAt.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(fenced < tookOver, $"the leader stopped at {fenced:O}, the standby led from {tookOver:O}");

        // The path comes back and the standby stops (releasing): the old leader wins the lease back and leads again.
        path.Restore();
        await stopStandby.CancelAsync();
        await standbyRun;
        await Eventually.Until(() => Task.FromResult(terms.Count), n => n == 2, TimeSpan.FromSeconds(10), "silo-a to lead again");
        Assert.Equal("silo-a", (await api.CoordinationV1.ReadNamespacedLeaseAsync("dtaas", "node0")).Spec.HolderIdentity);
        await stopLeader.CancelAsync();
        await leaderRun;
    }

    /// <summary>A path to the API that can be cut: requests then wait until they are cancelled, as over a link that drops packets.</summary>
    private sealed class CuttablePath : DelegatingHandler
    {
        private volatile TaskCompletionSource _open = Open();

        public void Cut() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Restore() => _open.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await _open.Task.WaitAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }

    private static (TaskCompletionSource Started, CancellationTokenSource Stop, Task Run) Start(
        IKubernetes api, LeaseCampaignOptions options, Action<string>? newLeader = null)
    {
        var campaign = new LeaseCampaign(api, options, NullLogger<LeaseCampaign>.Instance);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        campaign.OnStartedLeading += _ => started.TrySetResult();
        campaign.OnNewLeader += leader => newLeader?.Invoke(leader);
        var stop = new CancellationTokenSource();
        return (started, stop, campaign.RunAsync(stop.Token));
    }
}
