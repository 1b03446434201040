using System.Diagnostics;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.Silo.Hosting;
using Dtaas.Silo.Options;
using Microsoft.Extensions.Logging;

namespace Dtaas.Kubernetes.Bench;

/// <summary>
/// A complete silo (standalone API, grains, leader election, watcher bridge); dtDomains are created through the API
/// and an independent watcher times, per object, the ADDED event (API + watch alone: the baseline) and the MODIFIED
/// event carrying DTaaS's write (status Ready and invite token).
/// </summary>
public static class ReconcileLatencyScenario
{
    private const string Namespace = "default";

    public static async Task RunAsync(BenchScale scale, ILoggerFactory loggerFactory, TextWriter output)
    {
        using var data = new TempDirectory("dtaas-bench-silo-");
        await using var silo = await SiloHost.StartAsync(new SiloOptions
        {
            NodeName = "bench.example.org",
            DataDirectory = data.Path,
            ApiListen = "127.0.0.1:0",
            ClientListen = "127.0.0.1:0",
            GatewayListen = "127.0.0.1:0",
            MetricsListen = "127.0.0.1:0",
            Namespace = Namespace,
        }, loggerFactory);

        // Writer and watcher each get their own client, hence their own connection: the watcher is independent of the
        // writer and of the silo's own informer.
        using var writer = KubernetesApiClient.FromKubeconfig(silo.Kubernetes.Standalone!.KubeconfigPath);
        using var watchClient = KubernetesApiClient.FromKubeconfig(silo.Kubernetes.Standalone!.KubeconfigPath);
        await using var watcher = await DomainWatcher.StartAsync(watchClient, Namespace);

        // Warm-up, not reported: waits until this silo leads and its bridge runs, and gives tiered JIT time to
        // promote the hot paths of both the serial and the concurrent modes (a profile showed Tier-0 code otherwise).
        await RunPhaseAsync(writer, watcher, "warmup", 100, writers: 1, closedLoop: true, scale.Deadline);
        await RunPhaseAsync(writer, watcher, "warmburst", 300, writers: 4, closedLoop: false, scale.Deadline);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var phases = new (string Label, string Prefix, int Writers, bool ClosedLoop)[]
        {
            ("one at a time (create, wait for Ready, next)", "serial", 1, true),
            ("back-to-back creates, 1 writer", "stream", 1, false),
            ("back-to-back creates, 4 writers", "burst", 4, false),
        };
        var results = new List<(string Label, PhaseResult Result)>();
        foreach (var phase in phases)
        {
            results.Add((phase.Label, await RunPhaseAsync(writer, watcher, phase.Prefix, scale.ReconcileObjects, phase.Writers, phase.ClosedLoop, scale.Deadline)));
        }
        output.WriteLine($"dtDomain reconcile latency, {scale.ReconcileObjects:N0} objects per mode, ms:");
        output.WriteLine();
        output.WriteLine("| mode | interval | objects | p50 | p90 | p99 | max |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (label, result) in results)
        {
            result.Write(output, label);
        }
        output.WriteLine();
        output.WriteLine("Sent: just before the create request; acknowledged: its response read; seen: the independent watcher parsed the event.");
    }

    /// <summary>
    /// A node holds at most 64 domains it created (one /16 of 100.64.0.0/10 each), so a mode runs in batches: each
    /// batch is created as the mode says and waited for, then deleted and waited out, which is neither timed nor counted.
    /// </summary>
    private const int Batch = 50;

    private static async Task<PhaseResult> RunPhaseAsync(IKubernetesClient writer, DomainWatcher watcher, string prefix, int count,
        int writers, bool closedLoop, TimeSpan deadline)
    {
        var probes = new DomainProbe[count];
        var elapsed = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        for (int first = 0; first < count; first += Batch)
        {
            int end = Math.Min(first + Batch, count);
            var names = Enumerable.Range(first, end - first).Select(i => $"{prefix}-{i:D5}").ToList();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            await CreateBatchAsync(writer, watcher, probes, prefix, first, end, writers, closedLoop, deadline);
            elapsed += clock.Elapsed;
            // Everything (API server, silo, writer, watcher) is this one process, so its CPU time is the whole cost.
            cpu += Environment.CpuUsage.TotalTime - cpuBefore;
            await DeleteBatchAsync(writer, watcher, names, deadline);
        }
        return new PhaseResult(probes, elapsed, cpu / elapsed);
    }

    private static async Task CreateBatchAsync(IKubernetesClient writer, DomainWatcher watcher, DomainProbe[] probes, string prefix,
        int first, int end, int writers, bool closedLoop, TimeSpan deadline)
    {
        int next = first - 1;
        using var timeout = new CancellationTokenSource(deadline);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (int i = Interlocked.Increment(ref next); i < end; i = Interlocked.Increment(ref next))
            {
                string name = $"{prefix}-{i:D5}";
                var probe = probes[i] = watcher.Register(name);
                probe.Sent = Stopwatch.GetTimestamp();
                await writer.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = name, Namespace = Namespace } }, timeout.Token);
                probe.Acknowledged = Stopwatch.GetTimestamp();
                if (closedLoop)
                {
                    await probe.Ready.Task.WaitAsync(timeout.Token);
                }
            }
        })));
        try
        {
            await Task.WhenAll(probes[first..end].Select(p => p.Ready.Task)).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Reported as objects never seen Ready; the run goes on.
        }
    }

    private static async Task DeleteBatchAsync(IKubernetesClient writer, DomainWatcher watcher, List<string> names, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        foreach (var name in names)
        {
            watcher.Forget(name);
            await writer.DeleteAsync<DtDomain>(name, Namespace, cancellationToken: timeout.Token);
        }
        // Gone once DTaaS dissolved each domain and took its finalizer off: then their /16s are free again.
        while ((await writer.ListAsync<DtDomain>(Namespace, cancellationToken: timeout.Token)).Items.Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    private sealed record PhaseResult(DomainProbe[] Probes, TimeSpan Elapsed, double CoresBusy)
    {
        public void Write(TextWriter output, string label)
        {
            var ready = Probes.Where(p => p.ReadySeen != 0).ToArray();
            void Row(string interval, IEnumerable<long> ticks)
            {
                var latencies = new Latencies(ticks);
                output.WriteLine($"| {label} | {interval} | {latencies.Count:N0} | {latencies.Cells} |");
            }
            Row("create sent → acknowledged", Probes.Select(p => p.Acknowledged - p.Sent));
            Row("create sent → ADDED seen (baseline)", Probes.Where(p => p.AddedSeen != 0).Select(p => p.AddedSeen - p.Sent));
            Row("**create sent → Ready seen**", ready.Select(p => p.ReadySeen - p.Sent));
            Row("create acknowledged → Ready seen", ready.Select(p => p.ReadySeen - p.Acknowledged));
            Row("ADDED seen → Ready seen (DTaaS's part)", ready.Where(p => p.AddedSeen != 0).Select(p => p.ReadySeen - p.AddedSeen));
            output.WriteLine($"| {label} | whole mode: {Probes.Length / Elapsed.TotalSeconds:N0} objects/s Ready, {CoresBusy:N2} cores busy, "
                + $"{Probes.Average(p => p.Modifications):N2} MODIFIED per object | {ready.Length:N0} of {Probes.Length:N0} Ready | | | | |");
        }
    }
}
