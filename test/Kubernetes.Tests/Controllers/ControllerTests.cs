using Dtaas.TestSupport;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;

namespace Dtaas.Kubernetes.Tests.Controllers;

/// <summary>A controller against the real standalone API server: what the watcher bridge relies on.</summary>
public sealed class ControllerTests : IAsyncLifetime
{
    private const string Ns = ApiServerHarness.Namespace;
    private readonly ConcurrentQueue<Reconciled> _reconciled = new();
    private ApiServerHarness _api = null!;
    private Controller<DtDomain>? _controller;

    private KubernetesApiClient Client => _api.Client;

    public async Task InitializeAsync() => _api = await ApiServerHarness.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_initial_list_reaches_the_cache_and_every_object_is_reconciled()
    {
        await _api.CreateDomainAsync("a");
        await _api.CreateDomainAsync("b");
        await _api.CreateDomainAsync("c");

        await StartAsync(_ => Task.FromResult(ReconcileResult.Done));
        await _controller!.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);

        Assert.Equal(["node0/a", "node0/b", "node0/c"], _controller.Cache.Keys.Order());
        await Eventually.Until(() => _reconciled.Select(r => r.Key).Distinct().Count() == 3, "all three reconciled");
        Assert.All(_reconciled, r => Assert.NotNull(r.ResourceVersion));
    }

    [Fact]
    public async Task A_burst_of_50_updates_to_one_object_becomes_one_more_reconcile_of_the_newest_version()
    {
        await _api.CreateDomainAsync("burst");
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await StartAsync(async _ =>
        {
            if (entered.TrySetResult())
            {
                await release.Task;
            }

            return ReconcileResult.Done;
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(15));

        DtDomain latest = null!;
        for (var i = 0; i < 50; i++)
        {
            latest = await Client.PatchAsync<DtDomain>("burst", Ns, KubernetesPatch.Merge(new JsonObject { ["message"] = $"update {i}" }));
        }

        await Eventually.Until(
            () => _controller!.Cache.TryGet("node0/burst", out var cached) && cached.Metadata.ResourceVersion == latest.Metadata.ResourceVersion,
            "the newest version in the cache");
        release.SetResult();
        await Eventually.Until(() => _reconciled.Any(r => r.ResourceVersion == latest.Metadata.ResourceVersion), "a reconcile of the newest version");

        Assert.Equal(2, _reconciled.Count(r => r.Key == "node0/burst"));
    }

    [Fact]
    public async Task Different_objects_reconcile_concurrently_up_to_the_limit()
    {
        for (var i = 0; i < 12; i++)
        {
            await _api.CreateDomainAsync($"o{i}");
        }

        int inFlight = 0, maxInFlight = 0;
        var full = new TaskCompletionSource();
        await StartAsync(
            async _ =>
            {
                var now = Interlocked.Increment(ref inFlight);
                lock (full)
                {
                    maxInFlight = Math.Max(maxInFlight, now);
                }

                if (now == 4)
                {
                    full.TrySetResult();
                }

                await full.Task;
                Interlocked.Decrement(ref inFlight);
                return ReconcileResult.Done;
            },
            new WorkQueueOptions { MaxConcurrency = 4 });

        await Eventually.Until(() => _reconciled.Select(r => r.Key).Distinct().Count() == 12, "all twelve reconciled");
        Assert.Equal(4, maxInFlight);
    }

    [Fact]
    public async Task A_deletion_reaches_the_reconcile_with_the_key_gone_from_the_cache()
    {
        await _api.CreateDomainAsync("doomed");
        await StartAsync(_ => Task.FromResult(ReconcileResult.Done));
        await Eventually.Until(() => _reconciled.Any(r => r is { Key: "node0/doomed", ResourceVersion: not null }), "reconciled while it exists");

        await Client.DeleteAsync<DtDomain>("doomed", Ns);

        await Eventually.Until(() => _reconciled.Any(r => r is { Key: "node0/doomed", ResourceVersion: null }), "reconciled as deleted");
        Assert.False(_controller!.Cache.TryGet("node0/doomed", out _));
    }

    [Fact]
    public async Task A_failing_reconcile_is_retried_with_backoff_until_it_succeeds()
    {
        await _api.CreateDomainAsync("flaky");
        var attempts = 0;
        var succeeded = new TaskCompletionSource();
        await StartAsync(_ =>
        {
            if (Interlocked.Increment(ref attempts) <= 3)
            {
                throw new InvalidOperationException("the grain is not ready yet");
            }

            succeeded.TrySetResult();
            return Task.FromResult(ReconcileResult.Done);
        });

        await succeeded.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(4, Volatile.Read(ref attempts));
    }

    [Fact]
    public async Task A_reconcile_can_ask_to_run_again_after_a_delay()
    {
        await _api.CreateDomainAsync("poller");
        await StartAsync(_ => Task.FromResult(ReconcileResult.After(TimeSpan.FromMilliseconds(20))));

        await Eventually.Until(() => _reconciled.Count(r => r.Key == "node0/poller") >= 3, "three reconciles without a change");
    }

    /// <summary>Runs a controller whose reconciles are recorded with the version the cache held at that moment.</summary>
    private async Task StartAsync(Func<string, Task<ReconcileResult>> reconcile, WorkQueueOptions? queue = null)
    {
        _controller = new Controller<DtDomain>(
            Client,
            async (key, _) =>
            {
                _reconciled.Enqueue(new Reconciled(key, _controller!.Cache.TryGet(key, out var obj) ? obj.Metadata.ResourceVersion : null));
                return await reconcile(key);
            },
            new ControllerOptions
            {
                Informer = new InformerOptions { Namespace = Ns, ResyncPeriod = Timeout.InfiniteTimeSpan },
                WorkQueue = queue ?? new WorkQueueOptions(),
            });
        _api.Run(_controller.RunAsync);
        await _controller.WaitForSyncAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
    }

    /// <param name="ResourceVersion">What the cache held when the reconcile started; null when the object was gone.</param>
    private sealed record Reconciled(string Key, string? ResourceVersion);
}
