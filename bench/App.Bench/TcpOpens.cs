using System.Globalization;
using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.App.Bench;

/// <summary>
/// TCP connections opened from each node's namespace so far (ActiveOpens of its own /proc/net/snmp): the difference
/// over a run shows whether a proxy reuses its connections or opens one per request.
/// </summary>
public static class TcpOpens
{
    public static async Task<Dictionary<string, long>> SampleAsync(SiloTopology topology)
    {
        var sample = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var silo in topology.Silos)
        {
            var snmp = await topology.Network.Ip.ExecAsync(silo.Node.Netns, "cat", ["/proc/net/snmp"], CancellationToken.None);
            var lines = snmp.Stdout.Split('\n').Where(line => line.StartsWith("Tcp:", StringComparison.Ordinal)).ToList();
            var (names, values) = (lines[0].Split(' '), lines[1].Split(' '));
            sample[$"node{silo.Node.Index}"] = long.Parse(values[Array.IndexOf(names, "ActiveOpens")], CultureInfo.InvariantCulture);
        }
        return sample;
    }
}
