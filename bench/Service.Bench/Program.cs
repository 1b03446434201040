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

ServiceFixture? fixture = null;
await using var cleanup = new CleanupOnSignal(async () =>
{
    if (fixture is null)
    {
        return;
    }
    // Disposing empties the list: read the names first (the fixture may have failed before its topology existed).
    var namespaces = TryNetwork(fixture) is { } network ? string.Join(", ", network.Namespaces) : "(none built)";
    await fixture.DisposeAsync();
    Console.WriteLine($"removed the silos, their pod interfaces and namespaces {namespaces}");
});
try
{
    // The load average shows how much other work shares the cores with this run.
    Console.WriteLine($"dtService bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine("starting three silos in network namespaces, mydomain on node0, node1 and node2 joining, pods bound in each silo's pod directory ...");
    fixture = new ServiceFixture();
    await fixture.InitializeAsync();
    var topology = fixture.Topology;
    Console.WriteLine($"network {topology.Network.Id}: {string.Join(", ", topology.Silos.Select(silo => $"{silo.NodeName} {silo.Node.Address} in {silo.Node.Netns}"))}; my-pod {fixture.PodNetns("my-pod")}, service-pod {fixture.PodNetns("service-pod")}");
    Console.WriteLine();
    await ConnectScenario.RunAsync(fixture, rounds, Console.Out);
    await PathScenario.RunAsync(fixture, seconds, Console.Out);
    Console.WriteLine($"load average at the end {File.ReadAllText("/proc/loadavg").Trim()}");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"bench failed: {e}");
    foreach (var silo in TryNetwork(fixture) is null ? [] : fixture!.Topology.Silos)
    {
        Console.Error.WriteLine($"--- last output of {silo.NodeName}:\n{string.Join('\n', silo.Output.Split('\n').TakeLast(40))}");
    }
    return 1;
}

static NodeNetwork? TryNetwork(ServiceFixture? fixture)
{
    try
    {
        return fixture?.Topology.Network;
    }
    catch (InvalidOperationException)
    {
        return null; // the topology was never built
    }
}
