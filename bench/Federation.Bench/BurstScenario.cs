using Dtaas.Federation.Harness;
using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Bench;

/// <summary>
/// All joiners at once: a fresh cluster of <c>size</c> nodes per round, node 0 creates the domain and the others join
/// at the same time. A sample is the time from the creator holding the final list (the last admission) until every
/// node holds it.
/// </summary>
public static class BurstScenario
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<Latencies> RunAsync(int size, int rounds, FederationSettings settings, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var samples = new List<long>();
        for (int round = 0; round < rounds; round++)
        {
            await using var cluster = await FederationCluster.StartAsync(size, settings, loggerFactory, cancellationToken);
            var clock = new MemberListClock(cluster);
            var token = await cluster.CreateDomainAsync(cancellationToken);
            await Task.WhenAll(cluster.Joiners.Select(node => cluster.JoinAsync(node, token, cancellationToken)));
            var final = cluster.Creator.View(FederationCluster.DomainName).Version;
            var everyone = cluster.Nodes.Select(n => n.Id).ToList();
            if (!await cluster.WaitUntilAsync(() => clock.AllHold(everyone, final), Patience, cancellationToken))
            {
                throw new TimeoutException($"not within {Patience.TotalSeconds:0} s: everyone holds list {final}");
            }
            samples.Add(clock.Convergence(cluster.Creator.Id, everyone, final)!.Value);
        }
        return new Latencies(samples);
    }
}
