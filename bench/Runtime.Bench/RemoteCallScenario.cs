using System.Diagnostics;
using Dtaas.Runtime.Invocation;

namespace Dtaas.Runtime.Bench;

/// <summary>
/// Remote grain calls over loopback HTTP/2 with 1 and 64 concurrent callers (calls/s, p50, p99), next to local calls
/// measured the same way in the same run as the baseline.
/// </summary>
public static class RemoteCallScenario
{
    public static async Task RunAsync(TimeSpan duration, TextWriter output)
    {
        await using var silo = await BenchSilo.StartAsync();
        var registry = new GrainInterfaceRegistry();
        using var rpc = new GrainRpcClient(new GrainSerializer([BenchJsonContext.Default]), registry, new GrainRpcClientOptions());
        var remote = new RemoteGrainFactory(registry, rpc, silo.Address, "bench-silo");

        output.WriteLine($"| path | callers | calls/s | p50 µs | p99 µs |");
        output.WriteLine($"|---|---:|---:|---:|---:|");
        foreach (int callers in new[] { 1, 64 })
        {
            var local = await MeasureAsync(i => silo.Factory.GetGrain<IPingGrain>($"local-{i}"), callers, duration);
            var remoteResult = await MeasureAsync(i => remote.GetGrain<IPingGrain>($"remote-{i}"), callers, duration);
            output.WriteLine(local.Row("local (baseline)", callers));
            output.WriteLine(remoteResult.Row("remote HTTP/2", callers));
            output.WriteLine($"| remote/local throughput | {callers} | {remoteResult.CallsPerSecond / local.CallsPerSecond:P2} | | |");
        }
    }

    private sealed record Result(double CallsPerSecond, double P50Micros, double P99Micros)
    {
        public string Row(string path, int callers) => $"| {path} | {callers} | {CallsPerSecond:N0} | {P50Micros:N1} | {P99Micros:N1} |";
    }

    // Each caller calls its own grain in a loop; every call's latency is recorded.
    private static async Task<Result> MeasureAsync(Func<int, IPingGrain> grainFor, int callers, TimeSpan duration)
    {
        var grains = Enumerable.Range(0, callers).Select(grainFor).ToArray();
        foreach (var grain in grains)
        {
            await grain.Echo(0); // activate and warm the connection
        }
        var latencies = new List<long>[callers];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<long>(1 << 16);
            while (clock.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                await grains[c].Echo(c);
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Micros(double percentile) => all[(int)Math.Min(all.Length - 1, percentile * all.Length)] * 1e6 / Stopwatch.Frequency;
        return new Result(all.Length / elapsed.TotalSeconds, Micros(0.50), Micros(0.99));
    }
}
