using System.Globalization;
using Dtaas.App.Bench;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Overlay.Bench;

// sudo dotnet bench/App.Bench/bin/Release/net10.0/Dtaas.App.Bench.dll [all|publish|wrk] [apps (10)] [wrk seconds (10)] [wrk connections (16)]
// Needs root, ip, wireguard-go and kubectl (wrk is installed with apt if missing); build first: dotnet build bench/App.Bench -c Release.
var what = args.ElementAtOrDefault(0) ?? "all";
if (what is not ("all" or "publish" or "wrk"))
{
    Console.Error.WriteLine("usage: Dtaas.App.Bench [all|publish|wrk] [apps (10)] [wrk seconds (10)] [wrk connections (16)]");
    return 2;
}
int apps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
int seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
int connections = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
NamespaceFactAttribute.RequirePrerequisites();
if (what is "all" or "wrk")
{
    await Wrk.EnsureInstalledAsync(Console.Out);
}

AppFixture? fixture = null;
await using var cleanup = new CleanupOnSignal(async () =>
{
    if (fixture is null)
    {
        return;
    }
    // Disposing empties the list: read the names first (the fixture may have failed before its topology existed).
    var namespaces = TryNetwork(fixture) is { } network ? string.Join(", ", network.Namespaces) : "(none built)";
    await fixture.DisposeAsync();
    Console.WriteLine($"removed the web service, the silos and namespaces {namespaces}");
});
try
{
    // The load average shows how much other work shares the cores with this run.
    Console.WriteLine($"dtApp bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine("starting three silos in network namespaces, mydomain on node0, node1 and node2 joining, mydtapp on node0 ...");
    fixture = new AppFixture();
    await fixture.InitializeAsync();
    var topology = fixture.Topology;
    Console.WriteLine($"network {topology.Network.Id}: {string.Join(", ", topology.Silos.Select(silo => $"{silo.NodeName} {silo.Node.Address} in {silo.Node.Netns}"))}; mydtapp is {fixture.AppId}");
    Console.WriteLine();
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

static NodeNetwork? TryNetwork(AppFixture? fixture)
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
