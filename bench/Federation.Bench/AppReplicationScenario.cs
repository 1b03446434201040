using System.Diagnostics;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Apps;
using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Bench;

/// <summary>
/// dtApp replication (DESIGN.md 2.4) in one domain of <c>size</c> in-process nodes, all joined: a plain member (node 1,
/// not the domain's creator) publishes a dtApp; a sample is the time from just before its create until the last of the
/// other members holds the replica (stamped in the stores' writes), and likewise from its delete until the last
/// replica is gone. Apps one at a time, each deleted before the next.
/// </summary>
public static class AppReplicationScenario
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<AppReplicationResult> RunAsync(int size, int apps, FederationSettings settings, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        await using var cluster = await FederationCluster.StartAsync(size, settings, loggerFactory, cancellationToken);
        var token = await cluster.CreateDomainAsync(cancellationToken);
        await Task.WhenAll(cluster.Joiners.Select(node => cluster.JoinAsync(node, token, cancellationToken)));
        await RequireAsync(cluster, () => cluster.Agree(cluster.Nodes), "every member agrees", cancellationToken);

        var clock = new AppClock(cluster);
        var origin = cluster.Nodes[1];
        var others = cluster.Nodes.Where(node => node != origin).ToList();
        List<long> creates = [], publishes = [], deletes = [], withdrawals = [];
        for (int i = -1; i < apps; i++) // app -1 warms up
        {
            var name = $"bench-app-{i + 1}";
            long createStarted = Stopwatch.GetTimestamp();
            var app = await origin.CreateAppAsync(name, "example-service", [FederationCluster.DomainName], cancellationToken);
            long created = Stopwatch.GetTimestamp();
            var id = AppObjects.OriginId(app) ?? throw new InvalidOperationException($"{name} has no id: {app.Status} {app.Message}");
            await RequireAsync(cluster, () => clock.AllHold(others, id), $"every member holds {name} ({id})", cancellationToken);

            long deleteStarted = Stopwatch.GetTimestamp();
            await origin.DeleteAppAsync(name, cancellationToken);
            long deleted = Stopwatch.GetTimestamp();
            await RequireAsync(cluster, () => clock.AllLost(others, id), $"no member holds {name} ({id})", cancellationToken);
            if (i >= 0)
            {
                creates.Add(created - createStarted);
                publishes.Add(clock.LastHeld(others, id) - createStarted);
                deletes.Add(deleted - deleteStarted);
                withdrawals.Add(clock.LastLost(others, id) - deleteStarted);
            }
        }
        return new AppReplicationResult(size, new Latencies(creates), new Latencies(publishes), new Latencies(deletes), new Latencies(withdrawals));
    }

    /// <summary>The table beside this run's member-list convergence (<paramref name="memberList"/>), the same cluster size.</summary>
    public static void Report(AppReplicationResult result, ConvergenceResult memberList, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"dtApp replication, {result.Size} nodes, {result.Publishes.Count} apps published by a member (node 1), one at a time");
        output.WriteLine();
        output.WriteLine("| change | nodes | samples | p50 ms | p90 ms | max ms | p50 ratio to the member list |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        void Row(string change, Latencies samples, Latencies? baseline) =>
            output.WriteLine($"| {change} | {result.Size} | {samples.Count:N0} | {samples.P50:N2} | {samples.Percentile(0.90):N2} | {samples.Max:N1} | " +
                $"{(baseline is null ? "" : $"{samples.P50 / baseline.P50:N2}×")} |");
        Row("member list: join admitted → every node holds the list (baseline)", memberList.Joins, null);
        Row("member list: removed → every node holds the list (baseline)", memberList.Removals, null);
        Row("dtApp create: the origin's create + reconcile call", result.OriginCreates, null);
        Row($"**dtApp create → every other member ({result.Size - 1}) holds the replica**", result.Publishes, memberList.Joins);
        Row("dtApp delete: the origin's delete + reconcile call", result.OriginDeletes, null);
        Row($"**dtApp delete → no other member ({result.Size - 1}) holds the replica**", result.Withdrawals, memberList.Removals);
    }

    private static async Task RequireAsync(FederationCluster cluster, Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        if (!await cluster.WaitUntilAsync(condition, Patience, cancellationToken))
        {
            throw new TimeoutException($"not within {Patience.TotalSeconds:0} s: {what}");
        }
    }
}
