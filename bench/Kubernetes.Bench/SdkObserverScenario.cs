using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Dtaas.Client;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Kubernetes.Access;
using Dtaas.Silo.Hosting;
using Dtaas.Silo.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Dtaas.Kubernetes.Bench;

/// <summary>
/// What an SDK program sees of a complete silo (standalone API, watcher, grains): the delay from a dtApp create on the
/// Kubernetes API (as kubectl sends it) to the subscribed observer's Added callback, one create at a time, next to the
/// same create seen by an independent watch of the API (the baseline); and <c>IDtAppGrain.Get()</c> over the client
/// gateway with 1 and 64 callers, next to <c>INodeGrain.GetInfo()</c>, which reads nothing (the baseline).
/// </summary>
public static class SdkObserverScenario
{
    private const string Namespace = "default";

    public static async Task RunAsync(BenchScale scale, ILoggerFactory loggerFactory, TextWriter output)
    {
        using var data = new TempDirectory("dtaas-bench-sdk-");
        await using var silo = await SiloHost.StartAsync(new SiloOptions
        {
            NodeName = "bench.example.org",
            DataDirectory = data.Path,
            ApiListen = "127.0.0.1:0",
            ClientListen = $"127.0.0.1:{NodeSilo.FreePort(IPAddress.Loopback)}",
            GatewayListen = "127.0.0.1:0",
            MetricsListen = "127.0.0.1:0",
            Namespace = Namespace,
        }, loggerFactory);
        using var writer = KubernetesApiClient.FromKubeconfig(silo.Kubernetes.Standalone!.KubeconfigPath);
        using var watchClient = KubernetesApiClient.FromKubeconfig(silo.Kubernetes.Standalone!.KubeconfigPath);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client => client.UseDtaasNode(data.Path));
        using var sdk = builder.Build();
        await sdk.StartAsync();
        var grains = sdk.Services.GetRequiredService<IClusterClient>();

        var heard = new Arrivals();
        var reference = grains.CreateObjectReference<IObjectObserver>(heard);
        await grains.GetGrain<INodeGrain>(INodeGrain.Self).Subscribe(reference);
        var watched = new Arrivals();
        using var stopWatch = new CancellationTokenSource();
        var watching = WatchAsync(watchClient, watched, stopWatch.Token);

        // Warm-up, not reported: the silo leads and its watchers run once the first Added arrives.
        var count = Math.Max(50, scale.ReconcileObjects / 5);
        await MeasureAsync(writer, heard, watched, "warm", 20, scale.Deadline);
        var (observer, watch) = await MeasureAsync(writer, heard, watched, "obs", count, scale.Deadline);
        output.WriteLine($"dtApp create → Added, one create at a time, {count} dtApps, ms:");
        output.WriteLine();
        output.WriteLine("| path | p50 | p90 | p99 | max |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        output.WriteLine($"| an independent watch of the API (baseline) | {watch.Cells} |");
        output.WriteLine($"| the SDK observer (watch → caches → node grain → client) | {observer.Cells} |");
        output.WriteLine();

        output.WriteLine("SDK calls over the client gateway (loopback), 5 s per row:");
        output.WriteLine();
        output.WriteLine("| call | callers | calls/s | p50 ms | p99 ms | CPU µs/call | allocated B/call | gen0 GCs |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var app = grains.GetGrain<IDtAppGrain>($"{Namespace}/obs-0");
        var node = grains.GetGrain<INodeGrain>(INodeGrain.Self);
        foreach (var callers in new[] { 1, 64 })
        {
            foreach (var (label, call) in new (string, Func<Task>)[] { ("INodeGrain.GetInfo() (baseline)", node.GetInfo), ("IDtAppGrain.Get()", app.Get) })
            {
                var (perSecond, latencies, cost) = await CallsAsync(call, callers, TimeSpan.FromSeconds(5));
                output.WriteLine($"| {label} | {callers} | {perSecond:N0} | {latencies.Percentile(0.50):N2} | {latencies.Percentile(0.99):N2} | {cost.CpuMicroseconds:N1} | {cost.AllocatedBytes:N0} | {cost.Gen0Collections} |");
            }
        }
        await stopWatch.CancelAsync();
        await watching;
        await grains.GetGrain<INodeGrain>(INodeGrain.Self).Unsubscribe(reference);
        await sdk.StopAsync();
    }

    private static async Task<(Latencies Observer, Latencies Watch)> MeasureAsync(IKubernetesClient writer, Arrivals heard, Arrivals watched,
        string prefix, int count, TimeSpan deadline)
    {
        var toObserver = new List<long>(count);
        var toWatch = new List<long>(count);
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}-{i}";
            var key = $"{Namespace}/{name}";
            var sent = Stopwatch.GetTimestamp();
            await writer.CreateAsync(new DtApp
            {
                Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
                ServiceSelector = new DtAppServiceSelector { Name = "bench-service" },
                DomainSelector = new DtAppDomainSelector { Name = [] },
                Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.None },
            });
            toObserver.Add(await heard.WaitAsync(key, deadline) - sent);
            toWatch.Add(await watched.WaitAsync(key, deadline) - sent);
        }
        return (new Latencies(toObserver), new Latencies(toWatch));
    }

    /// <summary>
    /// What the calls cost the whole process (client and silo, both here), per call: CPU time, bytes allocated and the gen0
    /// collections of the row. On a shared machine calls/s follow the load; these much less.
    /// </summary>
    private readonly record struct CallCost(double CpuMicroseconds, long AllocatedBytes, int Gen0Collections);

    private static async Task<(double PerSecond, Latencies Latencies, CallCost Cost)> CallsAsync(Func<Task> call, int callers, TimeSpan duration)
    {
        await call();
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var gen0 = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        var all = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<long>(1 << 16);
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
            return mine;
        })));
        var elapsed = clock.Elapsed;
        process.Refresh();
        var ticks = all.SelectMany(l => l).ToList();
        var cost = new CallCost((process.TotalProcessorTime - cpu).TotalMicroseconds / ticks.Count, (GC.GetTotalAllocatedBytes() - allocated) / ticks.Count,
            GC.CollectionCount(0) - gen0);
        return (ticks.Count / elapsed.TotalSeconds, new Latencies(ticks), cost);
    }

    private static async Task WatchAsync(IKubernetesClient client, Arrivals watched, CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.ListAsync<DtApp>(Namespace, cancellationToken: cancellationToken);
            await foreach (var change in client.WatchAsync<DtApp>(Namespace, new ListOptions { ResourceVersion = list.Metadata.ResourceVersion, TimeoutSeconds = 3600 }, cancellationToken))
            {
                if (change.Type == WatchEventType.Added)
                {
                    watched.Arrived($"{Namespace}/{change.Object.Metadata.Name}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>When each key's Added arrived (Stopwatch ticks), and a wait for it.</summary>
    private sealed class Arrivals : IObjectObserver
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _arrivals = new();

        public void OnChanged(ObjectChange change)
        {
            if (change.Type == ObjectChange.Added)
            {
                Arrived(change.Key);
            }
        }

        public void Arrived(string key) => For(key).TrySetResult(Stopwatch.GetTimestamp());

        public Task<long> WaitAsync(string key, TimeSpan deadline) => For(key).Task.WaitAsync(deadline);

        private TaskCompletionSource<long> For(string key) => _arrivals.GetOrAdd(key, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
