using System.Globalization;
using Dtaas.App.Bench;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Overlay.Bench;

// sudo dotnet bench/App.Bench/bin/Release/net10.0/Dtaas.App.Bench.dll [all|publish|wrk|nginx] [apps (10)] [wrk seconds (10)] [wrk connections (16)]
// Needs root, ip, wireguard-go and kubectl (wrk is installed with apt if missing; nginx, for "nginx", is nginx-light);
// build first: dotnet build bench/App.Bench -c Release.
var what = args.ElementAtOrDefault(0) ?? "all";
if (what is not ("all" or "publish" or "wrk" or "nginx"))
{
    Console.Error.WriteLine("usage: Dtaas.App.Bench [all|publish|wrk|nginx] [apps (10)] [wrk seconds (10)] [wrk connections (16)]");
    return 2;
}
int apps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
int connections = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
NamespaceFactAttribute.RequirePrerequisites();
if (what is "all" or "wrk" or "nginx")
{
    await Wrk.EnsureInstalledAsync(Console.Out);
}

return await TopologyBench.RunAsync("dtApp bench",
    "starting three silos in network namespaces, mydomain on node0, node1 and node2 joining, mydtapp on node0 ...",
    () => new AppFixture(), fixture => $"mydtapp is {fixture.AppId}",
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
            // The gateway beside nginx on the same paths, nginx as the Service.
            await NginxScenario.RunAsync(fixture, [new WrkSettings(2, connections, seconds), new WrkSettings(1, 1, Math.Max(1, seconds / 2))], Console.Out);
        }
    });
