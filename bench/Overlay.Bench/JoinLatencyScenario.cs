using System.Diagnostics;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Bench;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// Join latency: the joiner's dtDomain create sent → its dtPeer for the creator and the creator's dtPeer for it both
/// connected, over rounds of join and leave (a new dtDomain name each round; deleting it leaves the domain). Baselines
/// in the same rounds: the joiner's create sent → its ADDED seen by an independent watch (the API alone), and a
/// creator's domain on the creator node, create sent → Ready seen (DTaaS without federation).
/// </summary>
public static class JoinLatencyScenario
{
    public static async Task RunAsync(BenchNode creator, BenchNode joiner, BenchNode third, string token, int rounds, TextWriter output)
    {
        var samples = new Dictionary<string, List<long>>();
        void Add(string interval, long from, long to)
        {
            if (!samples.TryGetValue(interval, out var list))
            {
                samples[interval] = list = [];
            }
            list.Add(to - from);
        }

        output.WriteLine($"join latency: {rounds} rounds of join and leave, {joiner.Silo.NodeName} joining {creator.Silo.NodeName}'s domain with {third.Silo.NodeName} a member");
        for (int round = 0; round < rounds; round++)
        {
            var solo = await DomainActions.CreateAsync(creator, $"solo-{round}");
            Add(CreatorReady, solo.Sent, solo.Ready);
            await creator.Api.DeleteAsync<DtDomain>($"solo-{round}", creator.Namespace);

            string name = $"join-{round}";
            var what = $"round {round}";
            var added = joiner.Domains.WhenAsync(BenchNode.DomainIn(name), DomainActions.Limit, $"{what}: {name} added");
            var ready = joiner.Domains.WhenAsync(BenchNode.DomainIn(name, DtDomainStatus.Ready), DomainActions.Limit, $"{what}: {name} Ready");
            var joinerSees = joiner.Peers.WhenAsync(BenchNode.Connected(creator.NodeId), DomainActions.Limit, $"{what}: joiner's dtPeer for the creator connected");
            var creatorSees = creator.Peers.WhenAsync(BenchNode.Connected(joiner.NodeId), DomainActions.Limit, $"{what}: creator's dtPeer for the joiner connected");
            var joinerSeesThird = joiner.Peers.WhenAsync(BenchNode.Connected(third.NodeId), DomainActions.Limit, $"{what}: joiner's dtPeer for the third member connected");
            var thirdSees = third.Peers.WhenAsync(BenchNode.Connected(joiner.NodeId), DomainActions.Limit, $"{what}: third member's dtPeer for the joiner connected");
            long sent = await DomainActions.SendJoinAsync(joiner, name, creator, token);
            long acknowledged = Stopwatch.GetTimestamp();
            await Task.WhenAll(added, ready, joinerSees, creatorSees, joinerSeesThird, thirdSees);
            Add(JoinerAdded, sent, added.Result);
            Add(Acknowledged, sent, acknowledged);
            Add(JoinerReady, sent, ready.Result);
            Add(JoinerSees, sent, joinerSees.Result);
            Add(CreatorSees, sent, creatorSees.Result);
            Add(BothSides, sent, Math.Max(joinerSees.Result, creatorSees.Result));
            Add(AllPairs, sent, new[] { joinerSees.Result, creatorSees.Result, joinerSeesThird.Result, thirdSees.Result }.Max());
            output.WriteLine($"  round {round}: both sides connected after {Latencies.Millis(Math.Max(joinerSees.Result, creatorSees.Result) - sent):N0} ms");

            var left = await DomainActions.LeaveAsync(joiner, name, creator, third);
            Add(LeftDomain, left.Sent, left.DomainGone);
            Add(LeftMembers, left.Sent, left.MembersForgot);
            Add(LeftJoiner, left.Sent, left.JoinerForgot);
        }

        output.WriteLine();
        output.WriteLine("| interval | rounds | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (interval, ticks) in samples)
        {
            output.WriteLine($"| {interval} | {ticks.Count} | {new Latencies(ticks).Cells} |");
        }
        var join = new Latencies(samples[BothSides]);
        output.WriteLine();
        output.WriteLine($"join → dtPeer connected on both sides: p50 {join.Percentile(0.5):N0} ms, max {join.Max:N0} ms (aim ≤ 2,000 ms); "
            + $"{join.Percentile(0.5) / new Latencies(samples[JoinerAdded]).Percentile(0.5):N0}× the API's create → ADDED, "
            + $"{join.Percentile(0.5) / new Latencies(samples[CreatorReady]).Percentile(0.5):N0}× a creator's create → Ready (p50 ratios)");
        output.WriteLine();
    }

    private const string CreatorReady = "creator's own domain: create sent → Ready seen (baseline)";
    private const string JoinerAdded = "joiner's create sent → ADDED seen (baseline)";
    private const string Acknowledged = "joiner's create sent → acknowledged";
    private const string JoinerReady = "joiner's create sent → joiner's dtDomain Ready";
    private const string JoinerSees = "joiner's create sent → joiner's dtPeer for the creator connected";
    private const string CreatorSees = "joiner's create sent → creator's dtPeer for the joiner connected";
    private const string BothSides = "**joiner's create sent → dtPeer connected on both sides**";
    private const string AllPairs = "joiner's create sent → connected both ways with the third member too";
    private const string LeftDomain = "leave: joiner's delete sent → its dtDomain gone";
    private const string LeftMembers = "leave: joiner's delete sent → the members' dtPeers for it gone";
    private const string LeftJoiner = "leave: joiner's delete sent → its own dtPeers gone";
}
