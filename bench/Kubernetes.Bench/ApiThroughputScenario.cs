using System.Diagnostics;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.ApiServer;
using Microsoft.Extensions.Logging;

namespace Dtaas.Kubernetes.Bench;

/// <summary>
/// The standalone API server alone (no silo): dtDomain creates/s with 1 and 16 writers, and the watch events/s a
/// watcher gets, live and replayed; GETs/s of one object, measured the same way in the same run, as the baseline.
/// </summary>
public static class ApiThroughputScenario
{
    private const string Namespace = "default";
    private const int ManyWriters = 16;

    public static async Task RunAsync(BenchScale scale, ILoggerFactory loggerFactory, TextWriter output)
    {
        using var data = new TempDirectory("dtaas-bench-api-");
        await using var server = await StandaloneApiServer.StartAsync(
            new StandaloneApiServerOptions { DataDirectory = data.Path, Listen = "127.0.0.1:0", Namespace = Namespace }, loggerFactory, CancellationToken.None);
        using var client = KubernetesApiClient.FromKubeconfig(server.KubeconfigPath);
        using var watchClient = KubernetesApiClient.FromKubeconfig(server.KubeconfigPath);
        using var timeout = new CancellationTokenSource(scale.Deadline);

        // Warm-up: connections, JIT, SQLite pages; not reported.
        await client.CreateAsync(Domain("target"), timeout.Token);
        await MeasureAsync((_, ct) => client.GetAsync<DtDomain>("target", Namespace, ct), 4, count: 500, duration: null, timeout.Token);
        await MeasureAsync((i, ct) => client.CreateAsync(Domain($"warmup-{i:D5}"), ct), 4, count: 200, duration: null, timeout.Token);

        var startVersion = (await client.ListAsync<DtDomain>(Namespace, cancellationToken: timeout.Token)).Metadata?.ResourceVersion;
        int creates = scale.ThroughputObjects;

        output.WriteLine($"Standalone API throughput (dtDomain; GET rows for {scale.GetDuration.TotalSeconds:0.#} s, create rows {creates:N0} objects each):");
        output.WriteLine();
        output.WriteLine("| operation | concurrent clients | count | per s | p50 ms | p99 ms | ratio to GET |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

        var get1 = await MeasureAsync((_, ct) => client.GetAsync<DtDomain>("target", Namespace, ct), 1, count: null, scale.GetDuration, timeout.Token);
        output.WriteLine(get1.Row("GET one object (baseline)", 1, get1));
        var create1 = await MeasureAsync((i, ct) => client.CreateAsync(Domain($"one-{i:D5}"), ct), 1, creates, duration: null, timeout.Token);
        output.WriteLine(create1.Row("create", 1, get1));

        var getMany = await MeasureAsync((_, ct) => client.GetAsync<DtDomain>("target", Namespace, ct), ManyWriters, count: null, scale.GetDuration, timeout.Token);
        output.WriteLine(getMany.Row("GET one object (baseline)", ManyWriters, getMany));

        // A live watcher, opened before the burst: how fast events reach it while 16 writers create.
        var live = WatchCounter.Start(watchClient, await CurrentVersionAsync(client, timeout.Token), "many-", creates, timeout.Token);
        await live.Opened.WaitAsync(timeout.Token);
        long burstStart = Stopwatch.GetTimestamp();
        var createMany = await MeasureAsync((i, ct) => client.CreateAsync(Domain($"many-{i:D5}"), ct), ManyWriters, creates, duration: null, timeout.Token);
        long burstEnd = Stopwatch.GetTimestamp();
        output.WriteLine(createMany.Row("create", ManyWriters, getMany));
        var liveResult = await live.Completion;
        double liveSeconds = Latencies.Millis(liveResult.LastEvent - burstStart) / 1000;
        output.WriteLine($"| watch, live: ADDED events delivered during the {ManyWriters}-writer creates | 1 watcher | {liveResult.Events:N0} | {liveResult.Events / liveSeconds:N0} | | | |");

        // A replay: a new watch from before all the creates gets both create rows' events from the server's window,
        // so the watch stream alone, not the writers, sets the pace.
        long replayStart = Stopwatch.GetTimestamp();
        var replay = await WatchCounter.Start(watchClient, startVersion, "", 2 * creates, timeout.Token).Completion;
        double replaySeconds = Latencies.Millis(replay.LastEvent - replayStart) / 1000;
        output.WriteLine($"| watch, replay from an older resourceVersion | 1 watcher | {replay.Events:N0} | {replay.Events / replaySeconds:N0} | | | |");
        output.WriteLine();
        output.WriteLine($"Live watch: its last event came {Latencies.Millis(liveResult.LastEvent - burstEnd):N1} ms after the last create's response (negative: before it). "
            + "Ratio to GET: throughput divided by that of GET at the same concurrency.");
    }

    private static DtDomain Domain(string name) => new() { Metadata = new ObjectMeta { Name = name, Namespace = Namespace } };

    private static async Task<string?> CurrentVersionAsync(IKubernetesClient client, CancellationToken ct) =>
        (await client.ListAsync<DtDomain>(Namespace, new ListOptions { Limit = 1 }, ct)).Metadata?.ResourceVersion;

    private sealed record Result(int Count, double PerSecond, Latencies Latencies)
    {
        public string Row(string operation, int clients, Result baseline) =>
            $"| {operation} | {clients} | {Count:N0} | {PerSecond:N0} | {Latencies.Percentile(0.5):N2} | {Latencies.Percentile(0.99):N2} | {PerSecond / baseline.PerSecond:N2} |";
    }

    // Workers take operation numbers from one counter until the count is done or the duration is up.
    private static async Task<Result> MeasureAsync(Func<int, CancellationToken, Task> operation, int workers, int? count, TimeSpan? duration,
        CancellationToken cancellationToken)
    {
        int next = -1;
        var latencies = new List<long>[workers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            for (int i = Interlocked.Increment(ref next); (count is null || i < count) && (duration is null || clock.Elapsed < duration); i = Interlocked.Increment(ref next))
            {
                long start = Stopwatch.GetTimestamp();
                await operation(i, cancellationToken);
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        }, cancellationToken)));
        var elapsed = clock.Elapsed;
        var all = new Latencies(latencies.SelectMany(l => l));
        return new Result(all.Count, all.Count / elapsed.TotalSeconds, all);
    }

    /// <summary>Counts ADDED events of names with a prefix on its own watch until it has the expected number.</summary>
    private sealed record WatchCounter(Task Opened, Task<(int Events, long LastEvent)> Completion)
    {
        public static WatchCounter Start(IKubernetesClient client, string? fromVersion, string prefix, int expected, CancellationToken cancellationToken)
        {
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new WatchCounter(opened.Task, RunAsync(client, fromVersion, prefix, expected, opened, cancellationToken));
        }

        private static async Task<(int, long)> RunAsync(IKubernetesClient client, string? fromVersion, string prefix, int expected,
            TaskCompletionSource opened, CancellationToken cancellationToken)
        {
            int events = 0;
            long last = 0;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stream = client.WatchAsync<DtDomain>(Namespace, new ListOptions { ResourceVersion = fromVersion }, stop.Token).GetAsyncEnumerator(stop.Token);
            try
            {
                // The first MoveNextAsync sends the request; a watch from the current version has nothing to deliver
                // yet, so "opened" means the request has had 200 ms to reach the server. Starting from a version
                // loses nothing either way: a late watch replays the events it missed.
                var first = stream.MoveNextAsync().AsTask();
                await Task.WhenAny(first, Task.Delay(200, cancellationToken));
                opened.TrySetResult();
                for (bool more = await first; more; more = await stream.MoveNextAsync())
                {
                    var e = stream.Current;
                    if (e.Type == WatchEventType.Added && e.Object.Metadata.Name?.StartsWith(prefix, StringComparison.Ordinal) == true)
                    {
                        last = Stopwatch.GetTimestamp();
                        if (++events == expected)
                        {
                            break;
                        }
                    }
                }
            }
            finally
            {
                await stop.CancelAsync();
                try
                {
                    await stream.DisposeAsync();
                }
                catch (OperationCanceledException)
                {
                    // The watch ends by being cancelled.
                }
            }
            return (events, last);
        }
    }
}
