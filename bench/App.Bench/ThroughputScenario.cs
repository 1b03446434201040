using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.App.Bench;

/// <summary>
/// wrk, 1 KB responses (<c>/download?bytes=1024</c>), same settings for every row: directly to the Service inside
/// node0's namespace (the baseline: the only place it is reachable), through node0's own gateway (the proxy alone, no
/// overlay), and from node1's namespace through node1's gateway, which forwards over the overlay to node0's gateway.
/// Each row also gets the CPU time every component spent on it, to show where a request's cost goes.
/// </summary>
public static class ThroughputScenario
{
    private const string Path = "/download?bytes=1024";

    public static async Task RunAsync(AppFixture fixture, WrkSettings settings, TextWriter output)
    {
        var (node0, node1) = (fixture.Topology[0], fixture.Topology[1]);
        var direct = new Uri($"http://{AppFixture.ServiceEndpoint}{Path}");
        List<ThroughputRow> rows =
        [
            await MeasureAsync(fixture, "direct to the Service 10.1.2.3:12345 (baseline)", node0, direct, null, settings),
            await MeasureAsync(fixture, "node0's gateway → Service (local app, no overlay)", node0, GatewayUrl(node0), Host(fixture.AppId, node0), settings),
            await MeasureAsync(fixture, "**node1's gateway → overlay → node0's gateway → Service**", node1, GatewayUrl(node1), Host(fixture.AppId, node1), settings),
        ];

        output.WriteLine($"### wrk {settings}, 1 KB responses (GET {Path})");
        output.WriteLine();
        ReportRates(rows, output);
        var (baseline, local, gateway) = (rows[0].Result, rows[1].Result, rows[2].Result);
        output.WriteLine();
        output.WriteLine($"node1's gateway / direct: {gateway.RequestsPerSecond / baseline.RequestsPerSecond:N2}× requests/s (aim ≥ 0.5), p50 {gateway.P50Ms / baseline.P50Ms:N1}×, p99 {gateway.P99Ms / baseline.P99Ms:N1}×");
        output.WriteLine($"node0's gateway / direct: {local.RequestsPerSecond / baseline.RequestsPerSecond:N2}× requests/s (the proxy alone)");
        output.WriteLine($"node1's gateway / node0's gateway: {gateway.RequestsPerSecond / local.RequestsPerSecond:N2}× requests/s (the overlay hop and the second proxy)");
        output.WriteLine();
        ReportCpu(rows, output);
    }

    /// <summary>The rate table: one line a row, each compared with the first (the baseline).</summary>
    public static void ReportRates(IReadOnlyList<ThroughputRow> rows, TextWriter output)
    {
        output.WriteLine("| path | client in | requests | req/s | p50 ms | p99 ms | non-2xx / socket errors | req/s ratio to direct |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var baseline = rows[0].Result;
        foreach (var (path, client, r, _, _) in rows)
        {
            output.WriteLine($"| {path} | {client} | {r.Requests:N0} | {r.RequestsPerSecond:N0} | {r.P50Ms:N2} | {r.P99Ms:N2} | {r.Non2xx} / {r.SocketErrors} | {r.RequestsPerSecond / baseline.RequestsPerSecond:N2} |");
        }
    }

    public static void ReportCpu(IReadOnlyList<ThroughputRow> rows, TextWriter output)
    {
        // Components in a fixed order; whatever else ran in a node's namespace follows.
        string[] known = ["wrk", CpuTimes.Service, "node0 silo", "node0 wireguard-go", "node1 silo", "node1 wireguard-go", "node2 silo", "node2 wireguard-go"];
        var components = known.Concat(rows.SelectMany(row => row.Cpu.Keys).Where(key => key != CpuTimes.Machine && !known.Contains(key)).Distinct().Order()).ToList();
        output.WriteLine("CPU µs per request by component during each measured run (user + system from /proc; the whole machine's busy cores include other work on it):");
        output.WriteLine();
        output.WriteLine($"| path | {string.Join(" | ", components)} | sum | machine busy cores | TCP connections opened from node0 / node1 / node2 |");
        output.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---:|", components.Count + 3))}");
        foreach (var row in rows)
        {
            double PerRequest(string component) => row.Cpu.GetValueOrDefault(component) * 1e6 / row.Result.Requests;
            var cells = components.Select(PerRequest).ToList();
            var seconds = row.Result.Requests / row.Result.RequestsPerSecond;
            output.WriteLine($"| {row.Path} | {string.Join(" | ", cells.Select(c => c.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} | {cells.Sum():N0} | {row.Cpu[CpuTimes.Machine] / seconds:N2} | {string.Join(" / ", row.Opened.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} |");
        }
        output.WriteLine();
    }

    // A short run first on the same path (connections opened, JIT and pools warm; its figures are dropped), then the
    // measured run between two CPU samples.
    public static async Task<ThroughputRow> MeasureAsync(AppFixture fixture, string path, NetnsSilo client, Uri url, string? host, WrkSettings settings,
        int warmUpSeconds = 2)
    {
        await Wrk.RunAsync(client.Node.Netns, url, host, settings with { Seconds = warmUpSeconds });
        var (before, openedBefore) = (await CpuTimes.SampleAsync(fixture.Topology), await TcpOpens.SampleAsync(fixture.Topology));
        var result = await Wrk.RunAsync(client.Node.Netns, url, host, settings);
        var (after, openedAfter) = (await CpuTimes.SampleAsync(fixture.Topology), await TcpOpens.SampleAsync(fixture.Topology));
        var cpu = after.ToDictionary(pair => pair.Key, pair => pair.Value - before.GetValueOrDefault(pair.Key));
        cpu["wrk"] = result.CpuSeconds;
        var opened = openedAfter.ToDictionary(pair => pair.Key, pair => pair.Value - openedBefore.GetValueOrDefault(pair.Key));
        return new ThroughputRow(path, client.Node.Netns, result, cpu, opened);
    }

    public static Uri GatewayUrl(NetnsSilo silo, string path = Path) => new($"http://{silo.Node.Address}:{NetnsSilo.GatewayPort}{path}");

    public static string Host(string appId, NetnsSilo silo) => $"{appId}.{silo.NodeName}:{NetnsSilo.GatewayPort}";
}
