using System.Globalization;
using System.Text.RegularExpressions;
using Dtaas.WireGuard.Netns;

namespace Dtaas.App.Bench;

/// <summary>wrk (the Debian package) run inside a node's namespace, its summary parsed.</summary>
public static partial class Wrk
{
    public const string Executable = "/usr/bin/wrk";

    /// <summary>Installs wrk with apt when it is missing (the only thing this bench installs).</summary>
    public static async Task EnsureInstalledAsync(TextWriter output)
    {
        if (File.Exists(Executable))
        {
            return;
        }
        output.WriteLine("wrk is missing: apt-get install wrk ...");
        var runner = new ProcessRunner(TimeSpan.FromMinutes(5));
        await runner.RunCheckedAsync("apt-get", ["update", "-qq"], CancellationToken.None);
        await runner.RunCheckedAsync("apt-get", ["install", "-y", "-qq", "wrk"], CancellationToken.None);
    }

    /// <summary>
    /// <c>wrk -t{threads} -c{connections} -d{seconds}s --latency [-H "Host: host"] url</c> in <paramref name="netns"/>;
    /// every row of a comparison uses the same settings.
    /// </summary>
    public static async Task<WrkResult> RunAsync(string netns, Uri url, string? host, WrkSettings settings)
    {
        List<string> arguments = ["-t" + settings.Threads, "-c" + settings.Connections, $"-d{settings.Seconds}s", "--latency", "--timeout", "5s"];
        if (host is not null)
        {
            arguments.AddRange(["-H", $"Host: {host}"]);
        }
        arguments.Add(url.ToString());
        var ip = new IpCommand(new ProcessRunner(TimeSpan.FromSeconds(settings.Seconds + 30)));
        // Through a shell that prints its own /proc stat after waiting for wrk: its children's CPU time is wrk's.
        var result = await ip.ExecAsync(netns, "/bin/sh", ["-c", "\"$0\" \"$@\"; rc=$?; cat /proc/$$/stat >&2; exit $rc", Executable, .. arguments],
            CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"wrk {string.Join(' ', arguments)} in {netns} failed (exit {result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        }
        var stat = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return Parse(result.Stdout) with { CpuSeconds = CpuTimes.StatSeconds(stat, children: true) };
    }

    public static WrkResult Parse(string stdout)
    {
        double Latency(string percentile) =>
            LatencyLine().Matches(stdout).FirstOrDefault(m => m.Groups["p"].Value == percentile) is { } m
                ? Millis(m.Groups["v"].Value, m.Groups["u"].Value)
                : throw new FormatException($"no {percentile}% latency line in wrk's output:\n{stdout}");
        long Count(Regex pattern) => pattern.Match(stdout) is { Success: true } m
            ? m.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        var rps = RequestsPerSecond().Match(stdout);
        var requests = RequestCount().Match(stdout);
        if (!rps.Success || !requests.Success)
        {
            throw new FormatException($"no Requests/sec in wrk's output:\n{stdout}");
        }
        return new WrkResult(
            long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Latency("50"), Latency("99"), Count(Non2xx()), Count(SocketErrors()), 0);
    }

    private static double Millis(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 0.001,
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        _ => throw new FormatException($"unknown wrk time unit {unit}"),
    };

    [GeneratedRegex(@"^\s+(?<p>\d+)%\s+(?<v>[\d.]+)(?<u>us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
