using System.Globalization;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Overlay.Bench;

// sudo dotnet bench/Overlay.Bench/bin/Release/net10.0/Dtaas.Overlay.Bench.dll [all|join|calls] [rounds] [seconds per call row]
// Needs root, ip, wireguard-go and kubectl; build first: dotnet build Dtaas.sln -c Release.
if (args is [FederationCallScenario.ChildCommand, var callerNodeId, var domainUid, var remoteNodeId, var remoteOverlay, var seconds])
{
    await FederationCallMeasurement.RunAsync(callerNodeId, Guid.Parse(domainUid), remoteNodeId, remoteOverlay,
        TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)), Console.Out);
    return 0;
}
var what = args.ElementAtOrDefault(0) ?? "all";
if (what is not ("all" or "join" or "calls"))
{
    Console.Error.WriteLine("usage: Dtaas.Overlay.Bench [all|join|calls] [rounds (10)] [seconds per call row (5)]");
    return 2;
}
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var duration = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5);
NamespaceFactAttribute.RequirePrerequisites();

SiloTopology? topology = null;
var nodes = new List<BenchNode>();
await using var cleanup = new CleanupOnSignal(async () =>
{
    foreach (var node in nodes)
    {
        await node.DisposeAsync();
    }
    if (topology is not null)
    {
        var namespaces = string.Join(", ", topology.Network.Namespaces); // disposing empties the list
        await topology.DisposeAsync();
        Console.WriteLine($"removed the silos, namespaces {namespaces} and {topology.Root}");
    }
});
try
{
    Console.WriteLine("starting three silos in network namespaces ...");
    topology = await SiloTopology.StartAsync(3);
    foreach (var silo in topology.Silos)
    {
        nodes.Add(await BenchNode.StartAsync(silo));
    }
    Console.WriteLine($"network {topology.Network.Id}: {string.Join(", ", topology.Silos.Select(silo => $"{silo.NodeName} {silo.Node.Address} in {silo.Node.Netns}"))}");
    var (creator, joiner, third) = (nodes[0], nodes[1], nodes[2]);
    var domain = await DomainActions.CreateAsync(creator, "bench");
    await DomainActions.JoinAsync(third, "bench", creator, domain.Token, creator);
    Console.WriteLine();
    if (what is "all" or "join")
    {
        await JoinLatencyScenario.RunAsync(creator, joiner, third, domain.Token, rounds, Console.Out);
    }
    if (what is "all" or "calls")
    {
        await DomainActions.JoinAsync(joiner, "bench", creator, domain.Token, creator, third);
        await FederationCallScenario.RunAsync(creator, joiner, "bench", duration, Console.Out);
    }
    // To see where the time went: each silo's whole output (timestamped to the millisecond), kept after the run.
    if (Environment.GetEnvironmentVariable("DTAAS_BENCH_LOGS") is { Length: > 0 } logs)
    {
        Directory.CreateDirectory(logs);
        foreach (var silo in topology.Silos)
        {
            await File.WriteAllTextAsync(Path.Combine(logs, $"{silo.NodeName}.log"), silo.Output);
        }
        Console.WriteLine($"silo logs in {logs}");
    }
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"bench failed: {e}");
    foreach (var silo in topology?.Silos ?? [])
    {
        Console.Error.WriteLine($"--- last output of {silo.NodeName}:\n{string.Join('\n', silo.Output.Split('\n').TakeLast(40))}");
    }
    return 1;
}
