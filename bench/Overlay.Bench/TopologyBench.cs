using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// The frame of a bench on a test fixture's namespace topology: the title with the machine's load, the fixture built,
/// the scenarios run, the silos' last output on failure, and everything removed at the end or on a signal.
/// </summary>
public static class TopologyBench
{
    /// <returns>The process exit code: 0, or 1 when a scenario failed.</returns>
    public static async Task<int> RunAsync<TFixture>(string title, string building, Func<TFixture> create, Func<TFixture, string> describe,
        Func<TFixture, Task> scenarios)
        where TFixture : class, ITopologyFixture
    {
        TFixture? fixture = null;
        await using var cleanup = new CleanupOnSignal(async () =>
        {
            if (fixture is null)
            {
                return;
            }
            // Disposing empties the list: read the names first (the fixture may have failed before its topology existed).
            var namespaces = TryNetwork(fixture) is { } network ? string.Join(", ", network.Namespaces) : "(none built)";
            await fixture.DisposeAsync();
            Console.WriteLine($"removed the silos and namespaces {namespaces}");
        });
        try
        {
            // The load average shows how much other work shares the cores with this run.
            Console.WriteLine($"{title}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine(building);
            fixture = create();
            await fixture.InitializeAsync();
            var topology = fixture.Topology;
            Console.WriteLine($"network {topology.Network.Id}: {string.Join(", ", topology.Silos.Select(silo => $"{silo.NodeName} {silo.Node.Address} in {silo.Node.Netns}"))}; {describe(fixture)}");
            Console.WriteLine();
            await scenarios(fixture);
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
    }

    private static NodeNetwork? TryNetwork(ITopologyFixture? fixture)
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
}
