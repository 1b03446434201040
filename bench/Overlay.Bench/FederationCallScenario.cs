using System.Globalization;
using System.Reflection;
using Dtaas.EndToEnd.Tests;
using Dtaas.WireGuard.Netns;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// Runs <see cref="FederationCallMeasurement"/> in a child process of this bench inside the calling node's namespace
/// (<c>ip netns exec</c>): its connections must leave from that namespace, so it must be the whole process that lives there.
/// </summary>
public static class FederationCallScenario
{
    public const string ChildCommand = "calls-inside";

    public static async Task RunAsync(BenchNode caller, BenchNode remote, string domain, TimeSpan duration, TextWriter output)
    {
        var memberList = await caller.Silo.MemberListAsync(domain) ?? throw new InvalidOperationException($"{caller.Silo.NodeName} holds no member list of {domain}");
        var remoteOverlay = memberList.Find(remote.NodeId)?.OverlayAddress ?? throw new InvalidOperationException($"{remote.Silo.NodeName} is not a member of {domain}");
        var self = Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly");
        // The child's rows take 4 × duration plus warm-up; anything beyond a generous margin is a hang.
        var ip = new IpCommand(new ProcessRunner(duration * 4 + TimeSpan.FromMinutes(2)));
        var result = await ip.ExecAsync(caller.Silo.Node.Netns, "dotnet",
            [self, ChildCommand, caller.NodeId, memberList.DomainUid.ToString(), remote.NodeId, remoteOverlay,
             duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)],
            CancellationToken.None);
        output.Write(result.Stdout);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"the federation-call measurement in {caller.Silo.Node.Netns} failed (exit {result.ExitCode}):\n{result.Stderr}");
        }
    }
}
