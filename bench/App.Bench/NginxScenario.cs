using System.Globalization;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;

namespace Dtaas.App.Bench;

/// <summary>
/// The gateway beside nginx, with nginx (a 1 KB static file) as the Service on node0, wrk with the same settings in every
/// row: directly to nginx in node0's namespace; node0's gateway; node1's gateway over the WireGuard overlay to node0's
/// gateway; and the same two-hop path with nginx as the proxy on both hops (node1's bridge address → node0's overlay
/// address over the same WireGuard interfaces), as the anchor a user would otherwise deploy. CPU per request by
/// component as in <see cref="ThroughputScenario"/>; the nginx processes show by name (service-nginx, proxy-nginx).
/// </summary>
public static class NginxScenario
{
    private const string Path = "/download?bytes=1024";
    private const int ServicePort = 12346;
    private const int Node0ProxyPort = 8091;
    private const int Node1ProxyPort = 8090;

    // Long enough for the silos' tiered JIT to settle on each path (2 s left it compiling through the measured run:
    // a third of node0's samples in perf were the JIT), so every row is a steady state, as nginx's is from the start.
    private const int WarmUpSeconds = 8;

    public static async Task RunAsync(AppFixture fixture, IReadOnlyList<WrkSettings> runs, TextWriter output)
    {
        var (node0, node1) = (fixture.Topology[0], fixture.Topology[1]);
        var service = $"{AppFixture.ServiceEndpoint.Address}:{ServicePort}";
        var node0Overlay = (await node0.MemberListAsync(FederationFixture.Domain))!.Find(node0.NodeId)!.OverlayAddress;
        var node1Proxy = $"{node1.Node.Address}:{Node1ProxyPort}";

        var root = Directory.CreateTempSubdirectory("dtaas-bench-files-").FullName;
        try
        {
            // nginx serves /download whatever the query says: the same request line as the other scenario.
            await File.WriteAllBytesAsync(System.IO.Path.Combine(root, "download"), new byte[1024]);
            await using var serviceNginx = NginxInstance.Start(node0.Node.Netns, "service-nginx", $"server {{ listen {service}; root {root}; }}");
            await using var node0Nginx = NginxInstance.Start(node0.Node.Netns, "proxy-nginx", NginxInstance.ProxyBlock($"{node0Overlay}:{Node0ProxyPort}", service));
            await using var node1Nginx = NginxInstance.Start(node1.Node.Netns, "proxy-nginx", NginxInstance.ProxyBlock(node1Proxy, $"{node0Overlay}:{Node0ProxyPort}"));

            await node0.ApplyServiceAsync("nginx-service", AppFixture.ServiceEndpoint.Address.ToString(), ServicePort);
            await node0.ApplyAppAsync("nginxapp", "nginx-service", "authenticationType: None");
            var appId = await fixture.PublishedIdAsync("nginxapp");
            var direct = new Uri($"http://{service}{Path}");
            var gateway0 = ThroughputScenario.GatewayUrl(node0, Path);
            var gateway1 = ThroughputScenario.GatewayUrl(node1, Path);
            var nginxTwoHop = new Uri($"http://{node1Proxy}{Path}");
            await WaitForFileAsync(fixture, 0, direct, null);
            await WaitForFileAsync(fixture, 1, gateway1, ThroughputScenario.Host(appId, node1));
            await WaitForFileAsync(fixture, 1, nginxTwoHop, null);

            foreach (var settings in runs)
            {
                Task<ThroughputRow> Measure(string path, NetnsSilo client, Uri url, string? host) =>
                    ThroughputScenario.MeasureAsync(fixture, path, client, url, host, settings, WarmUpSeconds);
                List<ThroughputRow> rows =
                [
                    await Measure($"direct to nginx {service} (baseline)", node0, direct, null),
                    await Measure("node0's gateway → nginx (local app, no overlay)", node0, gateway0, ThroughputScenario.Host(appId, node0)),
                    await Measure("**node1's gateway → overlay → node0's gateway → nginx**", node1, gateway1, ThroughputScenario.Host(appId, node1)),
                    await Measure("node1's nginx → overlay → node0's nginx → nginx", node1, nginxTwoHop, null),
                ];
                output.WriteLine($"### wrk {settings}, 1 KB file from nginx as the Service (GET {Path})");
                output.WriteLine();
                ThroughputScenario.ReportRates(rows, output);
                var (baseline, overlay, anchor) = (rows[0].Result, rows[2].Result, rows[3].Result);
                output.WriteLine();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"node1's gateway path: {overlay.RequestsPerSecond / baseline.RequestsPerSecond:N2}× direct (aim ≥ 0.3), {overlay.RequestsPerSecond / anchor.RequestsPerSecond:N2}× the nginx two-hop path (aim ≥ 1)"));
                output.WriteLine();
                ThroughputScenario.ReportCpu(rows, output);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // The whole file arrives (curl in the client's namespace), so a row never measures a path still being set up.
    private static Task WaitForFileAsync(AppFixture fixture, int node, Uri url, string? host) =>
        Eventually.Until(
            () => fixture.Topology.Network.ExecAsync(node, "curl", ["-sf", "-o", "/dev/null", "-w", "%{size_download}", .. host is null ? Array.Empty<string>() : ["-H", $"Host: {host}"], url.ToString()]),
            result => result.ExitCode == 0 && result.Stdout.Trim() == "1024", what: $"1 KB from {url} in node{node}");
}
