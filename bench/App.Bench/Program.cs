using System.Globalization;
using Dtaas.App.Bench;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Overlay.Bench;

// sudo dotnet bench/App.Bench/bin/Release/net10.0/Dtaas.App.Bench.dll [all|publish|wrk|nginx|memory] [apps (10) | rounds (2)] [wrk seconds (10)] [wrk connections (16)] [splice|http] [traced|untraced]
// Needs root, ip, wireguard-go and kubectl (wrk is installed with apt if missing; nginx, for "nginx", is nginx-light);
// build first: dotnet build bench/App.Bench -c Release.
var what = args.ElementAtOrDefault(0) ?? "all";
var overlay = args.ElementAtOrDefault(4) ?? "splice";
var traces = args.ElementAtOrDefault(5) ?? "untraced";
if (what is not ("all" or "publish" or "wrk" or "nginx" or "memory") || overlay is not ("splice" or "http") || traces is not ("traced" or "untraced"))
{
    Console.Error.WriteLine("usage: Dtaas.App.Bench [all|publish|wrk|nginx|memory] [apps (10) | rounds (2)] [wrk seconds (10)] [wrk connections (16)] [splice|http] [traced|untraced]");
    return 2;
}
int apps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : what == "nginx" ? 2 : 10;
int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
int connections = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
NamespaceFactAttribute.RequirePrerequisites();
if (what is not "publish")
{
    await Wrk.EnsureInstalledAsync(Console.Out);
}

// node0 (the origin) and node1 splice the overlay hop unless told "http"; node2 never does, so its gateway measures the
// origin's HTTP ingress beside it. Traces (to a collector that is not there) only when asked: off is the silo's default.
SiloVariant VariantOf(int node) => new(
    [.. traces == "traced" ? AppFixture.Traced.Arguments : [], .. overlay == "splice" && node < 2 ? ["--overlay-splice", "on"] : Array.Empty<string>()],
    traces == "traced" ? AppFixture.Traced.Environment : []);

return await TopologyBench.RunAsync("dtApp bench",
    $"starting three silos in network namespaces ({overlay} on node0 and node1, {traces}), mydomain on node0, node1 and node2 joining, mydtapp on node0 ...",
    () => new AppFixture { VariantOf = VariantOf }, fixture => $"mydtapp is {fixture.AppId}",
    async fixture =>
    {
        if (what is "all" or "publish")
        {
            await PublishScenario.RunAsync(fixture, apps, Console.Out);
        }
        if (what is "all" or "wrk")
        {
            await ThroughputScenario.RunAsync(fixture, new WrkSettings(2, connections, seconds), Console.Out);
            // One connection, one request at a time: each hop's latency without the cores saturated.
            await ThroughputScenario.RunAsync(fixture, new WrkSettings(1, 1, Math.Max(1, seconds / 2)), Console.Out);
        }
        if (what is "nginx")
        {
            // The gateway beside nginx on the same paths, nginx as the Service; "apps" is the number of rounds here.
            await NginxScenario.RunAsync(fixture, apps, seconds, connections, Console.Out);
        }
        if (what is "memory")
        {
            await MemoryScenario.RunAsync(fixture, seconds, connections, Console.Out);
        }
    });
