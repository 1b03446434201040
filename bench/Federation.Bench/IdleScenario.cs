using System.Diagnostics;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Bench;

/// <summary>
/// What a domain of <c>size</c> in-process nodes costs while nothing changes: every node joined and every dtPeer
/// connected, then the process's CPU over <c>seconds</c> (the probes, and each silo's own background work), and how
/// many dtPeers showed disconnected meanwhile (a member that answers should never).
/// </summary>
public static class IdleScenario
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(int size, int seconds, FederationSettings settings, ILoggerFactory loggerFactory, TextWriter output,
        CancellationToken cancellationToken)
    {
        await using var cluster = await FederationCluster.StartAsync(size, settings, loggerFactory, cancellationToken);
        var token = await cluster.CreateDomainAsync(cancellationToken);
        await Task.WhenAll(cluster.Joiners.Select(node => cluster.JoinAsync(node, token, cancellationToken)));
        var joined = Stopwatch.StartNew();
        int expected = size * (size - 1);
        int Connected() => cluster.Nodes.Sum(node => node.Objects.Peers().Count(p => p.Connected == true));
        if (!await cluster.WaitUntilAsync(() => cluster.Settled(cluster.Nodes), Patience, cancellationToken))
        {
            output.WriteLine($"only {Connected()} of {expected} dtPeers connected after {Patience.TotalSeconds:0} s");
        }
        var settled = joined.Elapsed;
        int disconnects = 0;
        foreach (var node in cluster.Nodes)
        {
            node.Objects.Changed += changed => { if (changed is DtPeer { Connected: false }) Interlocked.Increment(ref disconnects); };
        }
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        process.Refresh();
        double cores = (process.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds;
        output.WriteLine($"| nodes | dtPeers | probe interval | all connected after joining | cores busy while idle ({seconds} s) | dtPeer writes to disconnected meanwhile | connected at the end |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        output.WriteLine($"| {size} | {expected:N0} | {settings.ProbeInterval.TotalSeconds:0.#} s | {settled.TotalSeconds:N1} s | {cores:N2} of {Environment.ProcessorCount} | {disconnects:N0} | {Connected():N0} |");
    }
}
