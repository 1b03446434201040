using System.Globalization;
using System.Text.Json;
using Dtaas.App.Bench;
using Dtaas.WireGuard.Netns;

namespace Dtaas.Service.Bench;

/// <summary>
/// iperf3 (the Debian package) between two pod namespaces: a one-shot server (<c>-s -1 -B address</c>) in the
/// server's pod, the client (<c>-c address -J</c>) in the client's; each through a shell that prints its own /proc
/// stat after waiting, so the children's CPU time is iperf3's.
/// </summary>
public static class Iperf3
{
    public const string Executable = "/usr/bin/iperf3";
    private const int Port = 5201;
    private const string Timed = "\"$0\" \"$@\"; rc=$?; cat /proc/$$/stat >&2; exit $rc";

    /// <summary>Installs iperf3 and ping with apt when either is missing (the only things this bench installs).</summary>
    public static async Task EnsureInstalledAsync(TextWriter output)
    {
        if (File.Exists(Executable) && File.Exists(Ping.Executable))
        {
            return;
        }
        output.WriteLine("iperf3 or ping is missing: apt-get install iperf3 iputils-ping ...");
        var runner = new ProcessRunner(TimeSpan.FromMinutes(5));
        await runner.RunCheckedAsync("apt-get", ["update", "-qq"], CancellationToken.None);
        await runner.RunCheckedAsync("apt-get", ["install", "-y", "-qq", "iperf3", "iputils-ping"], CancellationToken.None);
    }

    /// <summary>UDP's offered rate and datagram size: a rate both paths should carry, in datagrams that fit either MTU.</summary>
    public const string UdpRate = "200M";
    public const int UdpLength = 1200;

    /// <summary>
    /// TCP for <paramref name="seconds"/> (<c>-O 1</c>: the first second, slow start and handshakes, is not counted),
    /// or UDP at <see cref="UdpRate"/> when <paramref name="udp"/> (all of it counted: omitting skews UDP's loss count).
    /// </summary>
    public static async Task<Iperf3Result> RunAsync(IpCommand ip, string serverNetns, string clientNetns, string address, int seconds, bool udp)
    {
        var runner = new IpCommand(new ProcessRunner(TimeSpan.FromSeconds(seconds + 30)));
        var server = runner.ExecAsync(serverNetns, "/bin/sh", ["-c", Timed, Executable, "-s", "-1", "-B", address, "-p", $"{Port}"], CancellationToken.None);
        await WaitUntilListeningAsync(ip, serverNetns, server);
        List<string> arguments = ["-c", address, "-p", $"{Port}", "-t", $"{seconds}", "-J"];
        arguments.AddRange(udp ? ["-u", "-b", UdpRate, "-l", $"{UdpLength}"] : ["-O", "1"]);
        var client = await runner.ExecAsync(clientNetns, "/bin/sh", ["-c", Timed, Executable, .. arguments], CancellationToken.None);
        var served = await server;
        if (!client.Succeeded)
        {
            throw new InvalidOperationException($"iperf3 {string.Join(' ', arguments)} in {clientNetns} failed (exit {client.ExitCode}):\n{client.Stdout}\n{client.Stderr}");
        }
        return Parse(client.Stdout, udp) with
        {
            ClientCpuSeconds = CpuTimes.StatSeconds(LastLine(client.Stderr), children: true),
            ServerCpuSeconds = CpuTimes.StatSeconds(LastLine(served.Stderr), children: true),
        };
    }

    public static Iperf3Result Parse(string json, bool udp)
    {
        using var document = JsonDocument.Parse(json);
        var end = document.RootElement.GetProperty("end");
        if (udp)
        {
            // UDP: "sum" is what the server reported back (received rate, loss, jitter).
            var sum = end.TryGetProperty("sum_received", out var received) ? received : end.GetProperty("sum");
            var loss = end.GetProperty("sum");
            return new Iperf3Result(sum.GetProperty("bits_per_second").GetDouble(), 0,
                loss.GetProperty("lost_packets").GetInt64(), loss.GetProperty("lost_percent").GetDouble(), loss.GetProperty("jitter_ms").GetDouble(),
                sum.GetProperty("seconds").GetDouble(), 0, 0);
        }
        var tcp = end.GetProperty("sum_received");
        return new Iperf3Result(tcp.GetProperty("bits_per_second").GetDouble(), end.GetProperty("sum_sent").GetProperty("retransmits").GetInt64(),
            0, 0, 0, tcp.GetProperty("seconds").GetDouble(), 0, 0);
    }

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();

    private static async Task WaitUntilListeningAsync(IpCommand ip, string netns, Task<ProcessResult> server)
    {
        // Not by connecting: a one-shot server would take a bare connection for its one test.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (server.IsCompleted)
            {
                var result = await server;
                throw new InvalidOperationException($"iperf3 server in {netns} exited {result.ExitCode}: {result.Stdout}{result.Stderr}");
            }
            var listening = await ip.ExecAsync(netns, "ss", ["-Hltn", $"sport = :{Port.ToString(CultureInfo.InvariantCulture)}"], CancellationToken.None);
            if (listening.Stdout.Trim().Length > 0)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"iperf3 server in {netns} not listening after 10 s");
    }
}
