using System.Globalization;
using System.Text.RegularExpressions;
using Dtaas.WireGuard.Netns;

namespace Dtaas.Service.Bench;

/// <summary><c>ping -c N -i 0.01</c> inside a pod's namespace; every reply's RTT, as percentiles (nearest rank).</summary>
public static partial class Ping
{
    public const string Executable = "/usr/bin/ping";

    public static async Task<PingResult> RunAsync(string netns, string address, int count)
    {
        var ip = new IpCommand(new ProcessRunner(TimeSpan.FromSeconds(count * 0.05 + 30)));
        var result = await ip.ExecAsync(netns, Executable, ["-n", "-c", $"{count}", "-i", "0.01", "-W", "1", address], CancellationToken.None);
        var rtts = Rtt().Matches(result.Stdout).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order().ToArray();
        if (rtts.Length == 0)
        {
            throw new InvalidOperationException($"ping {address} in {netns}: no replies (exit {result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        }
        double Percentile(double p) => rtts[Math.Clamp((int)Math.Ceiling(p * rtts.Length) - 1, 0, rtts.Length - 1)];
        return new PingResult(count, rtts.Length, Percentile(0.5), Percentile(0.9), Percentile(0.99), rtts[^1]);
    }

    [GeneratedRegex(@"time=([\d.]+) ms")]
    private static partial Regex Rtt();
}
