using System.Globalization;
using Dtaas.App.Bench;
using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.Service.Bench;

/// <summary>
/// CPU seconds so far (user + system, from /proc) of every process in the node namespaces, by component: each node's
/// silo, its overlay wireguard-go and its pod interfaces' wireguard-go (told apart by the interface on the command
/// line: a pod interface lives in a pod namespace); plus the whole machine's busy time (which counts everything,
/// iperf3 and other work on the machine too).
/// </summary>
public static class CpuSample
{
    public const string Machine = "whole machine";

    public static async Task<Dictionary<string, double>> TakeAsync(SiloTopology topology, IReadOnlySet<string> podInterfaces)
    {
        var sample = new Dictionary<string, double>(StringComparer.Ordinal) { [Machine] = MachineBusySeconds() };
        foreach (var silo in topology.Silos)
        {
            var pids = await topology.Network.Ip.RunCheckedAsync(null, ["netns", "pids", silo.Node.Netns], CancellationToken.None);
            foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)))
            {
                if (Read($"/proc/{pid}/stat") is not { } stat || Read($"/proc/{pid}/cmdline") is not { } cmdline)
                {
                    continue; // gone meanwhile
                }
                var words = cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries);
                var name = Path.GetFileName(words.FirstOrDefault() ?? "?");
                var component = name switch
                {
                    "dotnet" => "silo",
                    "wireguard-go" when words.Skip(1).Any(podInterfaces.Contains) => "wireguard-go pod",
                    "wireguard-go" => "wireguard-go overlay",
                    _ => name,
                };
                var key = $"node{silo.Node.Index} {component}";
                sample[key] = sample.GetValueOrDefault(key) + CpuTimes.StatSeconds(stat);
            }
        }
        return sample;
    }

    public static Dictionary<string, double> Difference(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.ToDictionary(pair => pair.Key, pair => pair.Value - before.GetValueOrDefault(pair.Key), StringComparer.Ordinal);

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
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
        return (fields.Take(8).Sum() - fields[3] - fields[4]) / 100.0; // USER_HZ
    }
}
