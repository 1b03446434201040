using System.Globalization;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.App.Bench;

/// <summary>
/// Whether proxying leaves memory behind: each silo's resident set (VmRSS) while idle, then wrk through node1's gateway
/// over the overlay to node0 (1 KB responses) for the given time, then idle again for <see cref="Settle"/> (the GC's
/// background work and the pools' idle timeouts) and the resident sets once more. The figure is after a
/// million requests: give the seconds that take that many.
/// </summary>
public static class MemoryScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(70); // past the pools' 1-minute idle timeout

    public static async Task RunAsync(AppFixture fixture, int seconds, int connections, TextWriter output)
    {
        var node1 = fixture.Topology[1];
        var url = ThroughputScenario.GatewayUrl(node1, "/download?bytes=1024");
        var host = ThroughputScenario.Host(fixture.AppId, node1);
        await Wrk.RunAsync(node1.Node.Netns, url, host, new WrkSettings(2, connections, 5)); // connections, JIT, pools: what any use sets up
        await Task.Delay(Settle);
        var before = await ResidentAsync(fixture.Topology);
        var result = await Wrk.RunAsync(node1.Node.Netns, url, host, new WrkSettings(2, connections, seconds));
        var busy = await ResidentAsync(fixture.Topology);
        await Task.Delay(Settle);
        var after = await ResidentAsync(fixture.Topology);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"### Resident memory around {result.Requests:N0} requests through node1's gateway to node0 ({result.RequestsPerSecond:N0} req/s, {result.Non2xx} non-2xx, {result.SocketErrors} socket errors)"));
        output.WriteLine();
        output.WriteLine("| silo | idle before MiB | at the end of the load MiB | idle after MiB | after / before |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (silo, kib) in before)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {silo} | {kib / 1024.0:N1} | {busy.GetValueOrDefault(silo) / 1024.0:N1} | {after.GetValueOrDefault(silo) / 1024.0:N1} | {after.GetValueOrDefault(silo) / (double)kib:N3} |"));
        }
        output.WriteLine();
    }

    /// <summary>node name → the silo's VmRSS in KiB.</summary>
    private static async Task<Dictionary<string, long>> ResidentAsync(SiloTopology topology)
    {
        var resident = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var silo in topology.Silos)
        {
            var pids = await topology.Network.Ip.RunCheckedAsync(null, ["netns", "pids", silo.Node.Netns], CancellationToken.None);
            foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                try
                {
                    if (File.ReadAllText($"/proc/{pid}/comm").Trim() == "dotnet")
                    {
                        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                        resident[$"node{silo.Node.Index}"] = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                    }
                }
                catch (IOException)
                {
                    // gone meanwhile
                }
            }
        }
        return resident;
    }
}
