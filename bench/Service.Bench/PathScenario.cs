using System.Diagnostics;
using System.Globalization;
using Dtaas.EndToEnd.Tests;

namespace Dtaas.Service.Bench;

/// <summary>
/// Throughput and latency between the same two pods (server in my-pod, client in service-pod) over a plain veth
/// between them (the baseline) and over the dtService network (service-pod's WireGuard interface → node1's
/// wireguard-go → the node network → node0's wireguard-go → my-pod's interface): iperf3 TCP, ping RTTs, iperf3 UDP,
/// and the CPU each component spent during the TCP run, to show where the ratio comes from.
/// </summary>
public static class PathScenario
{
    private const int PingCount = 200;

    public static async Task RunAsync(ServiceFixture fixture, int seconds, TextWriter output)
    {
        var ip = fixture.Topology.Network.Ip;
        var (server, client) = (fixture.PodNetns("my-pod"), fixture.PodNetns("service-pod"));
        var (serverLinks, clientLinks) = (await LinksAsync(fixture, server), await LinksAsync(fixture, client));
        IReadOnlySet<string> podInterfaces = serverLinks.Concat(clientLinks).ToHashSet(StringComparer.Ordinal);
        await using var veth = await PodVeth.CreateAsync(ip, server, client);
        output.WriteLine($"veth {PodVeth.ServerAddress} (my-pod) ↔ {PodVeth.ClientAddress} (service-pod); dtService interfaces {string.Join(", ", podInterfaces)}; MTU veth / dtService: {await MtuAsync(fixture, server, "bench0")} / {await MtuAsync(fixture, server, serverLinks.Single())}");
        output.WriteLine();
        List<PathRow> rows = [];
        foreach (var (path, address) in new[] { ("plain veth my-pod ↔ service-pod (baseline)", PodVeth.ServerAddress), ("**dtService network (wireguard-go on both nodes)**", ConnectScenario.ServerAddress.ToString()) })
        {
            output.WriteLine($"measuring {path} → {address} ...");
            var before = await CpuSample.TakeAsync(fixture.Topology, podInterfaces);
            long started = Stopwatch.GetTimestamp();
            var tcp = await Iperf3.RunAsync(ip, server, client, address, seconds, udp: false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var cpu = CpuSample.Difference(before, await CpuSample.TakeAsync(fixture.Topology, podInterfaces));
            cpu["iperf3 client"] = tcp.ClientCpuSeconds;
            cpu["iperf3 server"] = tcp.ServerCpuSeconds;
            // Per second of the whole run (iperf3 start to exit, including its omitted first second): busy cores.
            var cores = cpu.ToDictionary(pair => pair.Key, pair => pair.Value / elapsed, StringComparer.Ordinal);
            var ping = await Ping.RunAsync(client, address, PingCount);
            var udp = await Iperf3.RunAsync(ip, server, client, address, Math.Max(2, seconds / 2), udp: true);
            rows.Add(new PathRow(path, address, tcp, udp, ping, cores));
        }
        Report(rows, seconds, output);
    }

    private static void Report(List<PathRow> rows, int seconds, TextWriter output)
    {
        var (veth, service) = (rows[0], rows[1]);
        output.WriteLine();
        output.WriteLine($"### Pod to pod: plain veth vs the dtService network (iperf3 TCP {seconds} s, ping -c {PingCount} -i 0.01, iperf3 UDP -b {Iperf3.UdpRate} -l {Iperf3.UdpLength} {Math.Max(2, seconds / 2)} s)");
        output.WriteLine();
        output.WriteLine("| path | server address | TCP Mbit/s | TCP retransmits | ping p50 ms | ping p90 ms | ping p99 ms | ping max ms | replies | UDP received Mbit/s | UDP loss % | UDP jitter ms |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            output.WriteLine($"| {r.Path} | {r.Address} | {r.Tcp.BitsPerSecond / 1e6:N0} | {r.Tcp.Retransmits:N0} | {r.Ping.P50Ms:N3} | {r.Ping.P90Ms:N3} | {r.Ping.P99Ms:N3} | {r.Ping.MaxMs:N3} | {r.Ping.Received}/{r.Ping.Sent} | {r.Udp.BitsPerSecond / 1e6:N0} | {r.Udp.LostPercent:N1} | {r.Udp.JitterMs:N3} |");
        }
        output.WriteLine($"| **ratio dtService / veth** | | **{service.Tcp.BitsPerSecond / veth.Tcp.BitsPerSecond:N3}** | | **{service.Ping.P50Ms / veth.Ping.P50Ms:N1}×** | {service.Ping.P90Ms / veth.Ping.P90Ms:N1}× | **{service.Ping.P99Ms / veth.Ping.P99Ms:N1}×** | | | {service.Udp.BitsPerSecond / veth.Udp.BitsPerSecond:N3} | | |");
        output.WriteLine();

        // Components in a fixed order; whatever else ran in a node's namespace follows.
        string[] known = ["iperf3 client", "iperf3 server", "node1 wireguard-go pod", "node0 wireguard-go pod", "node0 wireguard-go overlay", "node1 wireguard-go overlay", "node0 silo", "node1 silo", "node2 silo"];
        var components = known.Concat(rows.SelectMany(row => row.TcpCpu.Keys).Where(key => key != CpuSample.Machine && !known.Contains(key)).Distinct().Order()).ToList();
        output.WriteLine("CPU during the TCP run, in cores (CPU seconds per second; user + system from /proc; the machine's busy cores include other work on it):");
        output.WriteLine();
        output.WriteLine($"| path | {string.Join(" | ", components)} | sum | machine busy cores | CPU ms per GB received |");
        output.WriteLine($"|---|{string.Concat(Enumerable.Repeat("---:|", components.Count + 3))}");
        foreach (var row in rows)
        {
            var cells = components.Select(c => row.TcpCpu.GetValueOrDefault(c)).ToList();
            // Bytes per second received → CPU seconds per GB moved, the machine's whole busy time.
            var perGb = row.TcpCpu[CpuSample.Machine] / (row.Tcp.BitsPerSecond / 8 / 1e9) * 1000;
            output.WriteLine($"| {row.Path} | {string.Join(" | ", cells.Select(c => c.ToString("N2", CultureInfo.InvariantCulture)))} | {cells.Sum():N2} | {row.TcpCpu[CpuSample.Machine]:N2} | {perGb:N0} |");
        }
        output.WriteLine();
    }

    /// <summary>A pod's links besides lo: before the veth is made, its dtService interface alone.</summary>
    private static async Task<List<string>> LinksAsync(ServiceFixture fixture, string pod)
    {
        var links = await fixture.Topology.Network.Ip.RunCheckedAsync(pod, ["-o", "link", "show"], CancellationToken.None);
        return links.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 3)[1].Split('@')[0])
            .Where(name => name != "lo")
            .ToList();
    }

    private static async Task<string> MtuAsync(ServiceFixture fixture, string netns, string link)
    {
        var shown = await fixture.Topology.Network.Ip.RunCheckedAsync(netns, ["-o", "link", "show", "dev", link], CancellationToken.None);
        var words = shown.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words[Array.IndexOf(words, "mtu") + 1];
    }
}
