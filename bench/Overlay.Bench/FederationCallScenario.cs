using System.Globalization;
using System.Reflection;
using Dtaas.WireGuard.Netns;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// Runs <see cref="GrainCallMeasurement"/> in a child process of this bench inside the calling node's namespace
/// (<c>ip netns exec</c>): the SDK opens its own connections, so it must be the whole process that lives there.
/// </summary>
public static class GrainCallScenario
{
    public const string ChildCommand = "calls-inside";

    public static async Task RunAsync(BenchNode caller, BenchNode remote, TimeSpan duration, TextWriter output)
    {
        var self = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly");
        // The child's rows take 4 × duration plus warm-up; anything beyond a generous margin is a hang.
        var ip = new IpCommand(new ProcessRunner(duration * 4 + TimeSpan.FromMinutes(2)));
        var result = await ip.ExecAsync(caller.Silo.Node.Netns, "dotnet",
            [self, ChildCommand, caller.Silo.DataDirectory, remote.NodeId, duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)],
            CancellationToken.None);
        output.Write(result.Stdout);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"the grain-call measurement in {caller.Silo.Node.Netns} failed (exit {result.ExitCode}):\n{result.Stderr}");
        }
    }
}
