using System.Diagnostics;
using Dtaas.Client;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Kubernetes.Bench;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// Runs inside the calling node's namespace (the SDK endpoint is that namespace's loopback): INodeGrain.GetInfo on a
/// remote member, which the local silo relays over the WireGuard overlay, against the same call on the local silo
/// (loopback only) as the baseline, measured row after row in the same process with the same client.
/// </summary>
public static class GrainCallMeasurement
{
    private static readonly int[] CallerCounts = [1, 16];

    public static async Task RunAsync(string dataDirectory, string remoteNodeId, TimeSpan duration, TextWriter output)
    {
        await using var client = await GrainClient.ConnectAsync(GrainClientOptions.FromDataDirectory(dataDirectory) with
        {
            SerializerContexts = [GrainsJsonContext.Default],
            CallTimeout = TimeSpan.FromSeconds(10),
        });
        var loopback = client.GetGrain<INodeGrain>(INodeGrain.Self);
        var overlay = client.GetGrain<INodeGrain>(remoteNodeId, INodeGrain.Self);
        // The calls must reach the node they are meant for, or the comparison means nothing.
        if ((await loopback.GetInfo()).Id != client.Silo.NodeId || (await overlay.GetInfo()).Id != remoteNodeId)
        {
            throw new InvalidOperationException("a node grain call answered from the wrong node");
        }
        await MeasureAsync(loopback, 1, TimeSpan.FromSeconds(1));
        await MeasureAsync(overlay, 1, TimeSpan.FromSeconds(1));

        output.WriteLine($"grain calls: INodeGrain.GetInfo through the SDK endpoint of {client.Silo.NodeId}, {duration.TotalSeconds:N0} s per row");
        output.WriteLine();
        output.WriteLine("| path | callers | calls | calls/s | p50 µs | p99 µs |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (int callers in CallerCounts)
        {
            var local = await MeasureAsync(loopback, callers, duration);
            var remote = await MeasureAsync(overlay, callers, duration);
            output.WriteLine(local.Row("local node, loopback (baseline)", callers));
            output.WriteLine(remote.Row("member node, over the overlay", callers));
            output.WriteLine($"| overlay / loopback | {callers} | | {remote.CallsPerSecond / local.CallsPerSecond:N2}× | "
                + $"{remote.Latencies.Percentile(0.5) / local.Latencies.Percentile(0.5):N2}× | {remote.Latencies.Percentile(0.99) / local.Latencies.Percentile(0.99):N2}× |");
        }
    }

    private sealed record Result(Latencies Latencies, double CallsPerSecond)
    {
        public string Row(string path, int callers) =>
            $"| {path} | {callers} | {Latencies.Count:N0} | {CallsPerSecond:N0} | {Latencies.Percentile(0.5) * 1000:N0} | {Latencies.Percentile(0.99) * 1000:N0} |";
    }

    // Every caller calls the same node grain in a loop, as many clients asking one node would.
    private static async Task<Result> MeasureAsync(INodeGrain grain, int callers, TimeSpan duration)
    {
        var latencies = new List<long>[callers];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<long>(1 << 14);
            while (clock.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                await grain.GetInfo();
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var all = new Latencies(latencies.SelectMany(list => list));
        return new Result(all, all.Count / clock.Elapsed.TotalSeconds);
    }
}
