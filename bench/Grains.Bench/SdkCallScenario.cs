using System.Diagnostics;
using Orleans;

namespace Dtaas.Grains.Bench;

/// <summary>
/// SDK calls over loopback (an Orleans client connected with UseDtaasNode) with 1 and 64 concurrent callers (calls/s,
/// p50, p99), next to the same calls made inside the silo process, measured the same way in the same run as the baseline.
/// </summary>
public static class SdkCallScenario
{
    public static async Task RunAsync(TimeSpan duration, TextWriter output)
    {
        await using var silo = await BenchSilo.StartAsync();
        output.WriteLine("| path | callers | calls/s | p50 µs | p99 µs |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (int callers in new[] { 1, 64 })
        {
            var local = await MeasureAsync(Grains(silo.Local, "local", callers), duration);
            var sdk = await MeasureAsync(Grains(silo.Sdk, "sdk", callers), duration);
            output.WriteLine(local.Row("in the silo process (baseline)", callers));
            output.WriteLine(sdk.Row("SDK over loopback", callers));
            output.WriteLine($"| SDK/in-process throughput | {callers} | {sdk.CallsPerSecond / local.CallsPerSecond:P1} | | |");
        }
    }

    private static IPingGrain[] Grains(IGrainFactory factory, string prefix, int callers) =>
        [.. Enumerable.Range(0, callers).Select(i => factory.GetGrain<IPingGrain>($"{prefix}-{i}"))];

    internal sealed record Result(double CallsPerSecond, double P50Micros, double P99Micros)
    {
        public string Row(string path, int callers) => $"| {path} | {callers} | {CallsPerSecond:N0} | {P50Micros:N1} | {P99Micros:N1} |";
    }

    // Each caller calls its own grain in a loop; every call's latency is recorded.
    internal static async Task<Result> MeasureAsync(IReadOnlyList<IPingGrain> grains, TimeSpan duration)
    {
        var callers = grains.Count;
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
