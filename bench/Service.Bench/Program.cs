using System.Globalization;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Overlay.Bench;
using Dtaas.Service.Bench;

// sudo dotnet bench/Service.Bench/bin/Release/net10.0/Dtaas.Service.Bench.dll [rounds (10)] [iperf3 seconds (10)]
// Needs root, ip, wireguard-go and kubectl (iperf3 and ping are installed with apt if missing); build first: dotnet build bench/Service.Bench -c Release.
if (args.Length > 2 || args.Any(a => !int.TryParse(a, CultureInfo.InvariantCulture, out _)))
{
    Console.Error.WriteLine("usage: Dtaas.Service.Bench [rounds (10)] [iperf3 seconds (10)]");
    return 2;
}
int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
int seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
NamespaceFactAttribute.RequirePrerequisites();
await Iperf3.EnsureInstalledAsync(Console.Out);

return await TopologyBench.RunAsync("dtService bench",
    "starting three silos in network namespaces, mydomain on node0, node1 and node2 joining, pods bound in each silo's pod directory ...",
    () => new ServiceFixture(), fixture => $"my-pod {fixture.PodNetns("my-pod")}, service-pod {fixture.PodNetns("service-pod")}",
    async fixture =>
    {
        await ConnectScenario.RunAsync(fixture, rounds, Console.Out);
        await PathScenario.RunAsync(fixture, seconds, Console.Out);
    });
