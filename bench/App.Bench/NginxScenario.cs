using System.Globalization;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;

namespace Dtaas.App.Bench;

/// <summary>
/// The gateway beside nginx on the paths of issue 22, nginx (a static file) as the Service on node0, wrk with the same
/// settings in every row of a table: directly to nginx; one hop (node0's nginx as a proxy, node0's gateway); two hops
/// from node1 (node1's nginx → node0's nginx, node1's gateway → node0's splice when the silos run with
/// <c>--overlay-splice on</c>) and from node2 (its gateway → node0's HTTP ingress: node2 never splices). nginx proxies
/// over the same WireGuard interfaces (node0's overlay address). 1 KB with 16 and 1 connections, then 20 MB bodies over
/// two hops; each table as many rounds as asked. CPU per request by component as in <see cref="ThroughputScenario"/>; the
/// nginx processes show by name (service-nginx, proxy-nginx).
/// </summary>
public static class NginxScenario
{
    private const string SmallPath = "/download?bytes=1024";
    private const string LargePath = "/large?bytes=20000000";
    private const double LargeMegabytes = 20;
    private const int ServicePort = 12346;
    private const int Node0ProxyPort = 8091;
    private const int Node1ProxyPort = 8090;

    // The first table's rows run long enough for the silos' tiered JIT to settle on each path (2 s left it compiling
    // through the measured run: a third of node0's samples in perf were the JIT); later tables reuse warm paths.
    private const int FirstWarmUpSeconds = 8;
    private const int WarmUpSeconds = 3;

    public static async Task RunAsync(AppFixture fixture, int rounds, int seconds, int connections, TextWriter output)
    {
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        var service = $"{AppFixture.ServiceEndpoint.Address}:{ServicePort}";
        var node0Overlay = (await node0.MemberListAsync(FederationFixture.Domain))!.Find(node0.NodeId)!.OverlayAddress;
        var node0Proxy = $"{node0Overlay}:{Node0ProxyPort}";
        var node1Proxy = $"{node1.Node.Address}:{Node1ProxyPort}";

        var root = Directory.CreateTempSubdirectory("dtaas-bench-files-").FullName;
        try
        {
            // nginx serves /download and /large whatever the query says: the same request lines as the other scenario.
            await File.WriteAllBytesAsync(Path.Combine(root, "download"), new byte[1024]);
            await File.WriteAllBytesAsync(Path.Combine(root, "large"), new byte[(int)(LargeMegabytes * 1_000_000)]);
            await using var serviceNginx = NginxInstance.Start(node0.Node.Netns, "service-nginx", $"server {{ listen {service}; root {root}; }}");
            await using var node0Nginx = NginxInstance.Start(node0.Node.Netns, "proxy-nginx", NginxInstance.ProxyBlock(node0Proxy, service));
            await using var node1Nginx = NginxInstance.Start(node1.Node.Netns, "proxy-nginx", NginxInstance.ProxyBlock(node1Proxy, node0Proxy));

            await node0.ApplyServiceAsync("nginx-service", AppFixture.ServiceEndpoint.Address.ToString(), ServicePort);
            await node0.ApplyAppAsync("nginxapp", "nginx-service", "authenticationType: None");
            var appId = await fixture.PublishedIdAsync("nginxapp");
            await WaitForFileAsync(fixture, 0, new Uri($"http://{service}{SmallPath}"), null);
            await WaitForFileAsync(fixture, 1, ThroughputScenario.GatewayUrl(node1, SmallPath), ThroughputScenario.Host(appId, node1));
            await WaitForFileAsync(fixture, 2, ThroughputScenario.GatewayUrl(node2, SmallPath), ThroughputScenario.Host(appId, node2));
            await WaitForFileAsync(fixture, 1, new Uri($"http://{node1Proxy}{SmallPath}"), null);

            List<Row> Rows(string path, bool twoHopsOnly) =>
            [
                .. twoHopsOnly ? Array.Empty<Row>() :
                [
                    new Row($"direct to nginx {service} (baseline)", node0, new Uri($"http://{service}{path}"), null),
                    new Row("one hop: node0's nginx → nginx", node0, new Uri($"http://{node0Proxy}{path}"), null),
                    new Row("**one hop: node0's gateway → nginx**", node0, ThroughputScenario.GatewayUrl(node0, path), ThroughputScenario.Host(appId, node0)),
                ],
                new Row("two hops: node1's nginx → overlay → node0's nginx → nginx", node1, new Uri($"http://{node1Proxy}{path}"), null),
                new Row("**two hops: node1's gateway → overlay → node0 → nginx**", node1, ThroughputScenario.GatewayUrl(node1, path), ThroughputScenario.Host(appId, node1)),
                new Row("two hops: node2's gateway → overlay → node0's HTTP ingress → nginx", node2, ThroughputScenario.GatewayUrl(node2, path), ThroughputScenario.Host(appId, node2)),
            ];
            var warmUp = FirstWarmUpSeconds;
            for (int round = 1; round <= rounds; round++)
            {
                foreach (var (settings, path, twoHopsOnly) in new[]
                {
                    (new WrkSettings(2, connections, seconds), SmallPath, false),
                    (new WrkSettings(1, 1, Math.Max(1, seconds / 2)), SmallPath, false),
                    (new WrkSettings(2, 4, seconds), LargePath, true),
                })
                {
                    var rows = new List<ThroughputRow>();
                    foreach (var row in Rows(path, twoHopsOnly))
                    {
                        rows.Add(await ThroughputScenario.MeasureAsync(fixture, row.Name, row.Client, row.Url, row.Host, settings, warmUp));
                    }
                    warmUp = WarmUpSeconds;
                    output.WriteLine($"### Round {round}: wrk {settings}, GET {path} from nginx as the Service ({DateTime.UtcNow:HH:mm} UTC, load average {LoadAverage()})");
                    output.WriteLine();
                    ThroughputScenario.ReportRates(rows, output);
                    output.WriteLine();
                    ReportRatios(rows, twoHopsOnly, output);
                    output.WriteLine();
                    ThroughputScenario.ReportCpu(rows, output);
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record Row(string Name, NetnsSilo Client, Uri Url, string? Host);

    /// <summary>The figures: the gateway against nginx on the same path, in the same table.</summary>
    private static void ReportRatios(List<ThroughputRow> rows, bool twoHopsOnly, TextWriter output)
    {
        string Line(string what, ThroughputRow gateway, ThroughputRow nginx, string silo, string[] nginxProxies, int hops)
        {
            var (g, n) = (gateway.Result, nginx.Result);
            double PerRequest(ThroughputRow row, IEnumerable<string> components) =>
                components.Sum(c => row.Cpu.GetValueOrDefault(c)) * 1e6 / row.Result.Requests / hops;
            var gatewayCpu = PerRequest(gateway, silo.Split(','));
            var nginxCpu = PerRequest(nginx, nginxProxies);
            return string.Create(CultureInfo.InvariantCulture,
                $"| {what} | {g.RequestsPerSecond:N0} / {n.RequestsPerSecond:N0} = **{g.RequestsPerSecond / n.RequestsPerSecond:N2}×** | " +
                $"{g.RequestsPerSecond * (twoHopsOnly ? LargeMegabytes : 0):N0} / {n.RequestsPerSecond * (twoHopsOnly ? LargeMegabytes : 0):N0} | " +
                $"{g.P99Ms:N2} / {n.P99Ms:N2} ms = {g.P99Ms / n.P99Ms:N2}× | {gatewayCpu:N0} / {nginxCpu:N0} µs = {gatewayCpu / nginxCpu:N2}× |");
        }
        output.WriteLine("| gateway / nginx | req/s | MB/s | p99 | CPU per request per hop (silo / proxy nginx) |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        var offset = twoHopsOnly ? 0 : 3;
        if (!twoHopsOnly)
        {
            output.WriteLine(Line("one hop, node0's gateway", rows[2], rows[1], "node0 silo", ["node0 proxy-nginx"], 1));
        }
        string[] twoProxies = ["node0 proxy-nginx", "node1 proxy-nginx"];
        output.WriteLine(Line("two hops, node1's gateway", rows[offset + 1], rows[offset], "node0 silo,node1 silo", twoProxies, 2));
        output.WriteLine(Line("two hops, node2's gateway (HTTP ingress)", rows[offset + 2], rows[offset], "node0 silo,node2 silo", twoProxies, 2));
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    // The whole file arrives (curl in the client's namespace), so a row never measures a path still being set up.
    private static Task WaitForFileAsync(AppFixture fixture, int node, Uri url, string? host) =>
        Eventually.Until(
            () => fixture.Topology.Network.ExecAsync(node, "curl", ["-sf", "-o", "/dev/null", "-w", "%{size_download}", .. host is null ? Array.Empty<string>() : ["-H", $"Host: {host}"], url.ToString()]),
            result => result.ExitCode == 0 && result.Stdout.Trim() == "1024", what: $"1 KB from {url} in node{node}");
}
