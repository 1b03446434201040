using System.Globalization;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.WireGuard.Netns;

namespace Dtaas.App.Bench;

/// <summary>
/// CPU seconds (user + system, from /proc) of the processes a request passes through: each node's silo and
/// wireguard-go (every process in the node's namespace, by name) and this process, which hosts the Service; plus the
/// whole machine's busy time, which also counts wrk and whatever else runs on the machine.
/// </summary>
public static class CpuTimes
{
    public const string Service = "Service (this process)";
    public const string Machine = "whole machine";
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>Component → CPU seconds so far.</summary>
    public static async Task<Dictionary<string, double>> SampleAsync(SiloTopology topology)
    {
        var sample = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [Service] = ProcessSeconds(Environment.ProcessId) ?? 0,
            [Machine] = MachineBusySeconds(),
        };
        foreach (var silo in topology.Silos)
        {
            var pids = await topology.Network.Ip.RunCheckedAsync(null, ["netns", "pids", silo.Node.Netns], CancellationToken.None);
            foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)))
            {
                if (ProcessSeconds(pid) is not { } seconds || Comm(pid) is not { } comm || comm == "wrk")
                {
                    continue; // gone meanwhile, or the load generator (counted from its parent shell)
                }
                var key = $"node{silo.Node.Index} {(comm == "dotnet" ? "silo" : comm)}";
                sample[key] = sample.GetValueOrDefault(key) + seconds;
            }
        }
        return sample;
    }

    /// <summary>utime + stime (<paramref name="children"/>: cutime + cstime, the waited-for children's) of a /proc stat line.</summary>
    public static double StatSeconds(string stat, bool children = false)
    {
        // Fields after "(comm)": state is field 3, utime 14, stime 15, cutime 16, cstime 17.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        int first = children ? 13 : 11;
        return (long.Parse(fields[first], CultureInfo.InvariantCulture) + long.Parse(fields[first + 1], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static double? ProcessSeconds(int pid)
    {
        try
        {
            return StatSeconds(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double MachineBusySeconds()
    {
        // cpu  user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Take(8).Sum() - fields[3] - fields[4]) / TicksPerSecond;
    }
}
