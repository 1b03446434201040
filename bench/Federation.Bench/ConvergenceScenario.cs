using System.Diagnostics;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Bench;

/// <summary>
/// Member-list convergence in one domain of <c>size</c> in-process nodes: node 0 creates it, all but the last node join
/// and stay; each round the last node joins (the creator admits it: list version v) and is then removed by the creator
/// (a user deletes its dtPeer there: version v + 1). A sample is the time from the creator holding the version until
/// the last node to get it holds it (the removed node too: it is told before it goes). The rounds start once every
/// steady member sees every other connected.
/// </summary>
public static class ConvergenceScenario
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const int Calls = 2_000;
    private const int WarmUpCalls = 200;

    public static async Task<ConvergenceResult> RunAsync(int size, int rounds, FederationSettings settings, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        await using var cluster = await FederationCluster.StartAsync(size, settings, loggerFactory, cancellationToken);
        var clock = new MemberListClock(cluster);
        var token = await cluster.CreateDomainAsync(cancellationToken);
        var steady = cluster.Nodes.Take(size - 1).ToList();
        var last = cluster.Nodes[^1];
        var everyone = cluster.Nodes.Select(n => n.Id).ToList();
        await Task.WhenAll(steady.Skip(1).Select(node => cluster.JoinAsync(node, token, cancellationToken)));
        // Measured in a settled domain: the joins above leave every member probing every new member for a few seconds.
        await RequireAsync(cluster, () => cluster.Settled(steady), "the steady members agree and see each other connected", cancellationToken);

        var joins = new List<long>();
        var removals = new List<long>();
        for (int round = -1; round < rounds; round++) // round -1 warms up
        {
            var joined = await cluster.JoinAsync(last, token, cancellationToken);
            var admitted = DomainAnnotations.ReadMemberList(joined)?.Version ?? throw new InvalidOperationException($"the join failed: {joined.Message}");
            await RequireAsync(cluster, () => clock.AllHold(everyone, admitted), $"everyone holds list {admitted}", cancellationToken);
            await RequireAsync(cluster, () => cluster.Agree(cluster.Nodes), "everyone agrees, dtPeers included", cancellationToken);

            await cluster.Creator.DeletePeerAsync(last.Id, cancellationToken);
            var removed = cluster.Creator.View(FederationCluster.DomainName).Version;
            await RequireAsync(cluster, () => clock.AllHold(everyone, removed), $"everyone holds list {removed}", cancellationToken);
            await RequireAsync(cluster, () => cluster.Agree(steady), "the steady members agree, dtPeers included", cancellationToken);

            if (round >= 0)
            {
                joins.Add(clock.Convergence(cluster.Creator.Id, everyone, admitted)!.Value);
                removals.Add(clock.Convergence(cluster.Creator.Id, everyone, removed)!.Value);
            }
            await last.DeleteDomainAsync(FederationCluster.DomainName, cancellationToken);
            await RequireAsync(cluster, () => last.Domain(FederationCluster.DomainName) is null, "the removed node's dtDomain is gone", cancellationToken);
        }
        var calls = size > 2 ? await CallRoundTripsAsync(cluster, steady[1], cancellationToken) : [];
        return new ConvergenceResult(size, new Latencies(joins), new Latencies(removals), new Latencies(calls));
    }

    // One member probing the creator (the federation protocol's Probe), one call at a time: through the creator's
    // federation listener on its loopback alias, from the member's alias, as every push goes.
    private static async Task<List<long>> CallRoundTripsAsync(FederationCluster cluster, FederationNode member, CancellationToken cancellationToken)
    {
        var domainUid = cluster.Creator.View(FederationCluster.DomainName).MemberList!.DomainUid;
        var ticks = new List<long>(Calls);
        for (int i = 0; i < WarmUpCalls + Calls; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            await member.Federation.ProbeAsync(cluster.Creator.Id, domainUid, cancellationToken);
            if (i >= WarmUpCalls)
            {
                ticks.Add(Stopwatch.GetTimestamp() - start);
            }
        }
        return ticks;
    }

    // Waiting checks after every write of any node: the measured part waits on the clock alone, which costs next to
    // nothing, so the waiter does not take the cores the nodes are converging on.
    private static async Task RequireAsync(FederationCluster cluster, Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        if (!await cluster.WaitUntilAsync(condition, Patience, cancellationToken))
        {
            throw new TimeoutException($"not within {Patience.TotalSeconds:0} s: {what}");
        }
    }
}
