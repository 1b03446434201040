using System.Diagnostics;
using System.Net;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Kubernetes.Bench;
using Dtaas.Silo.Federation;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// Runs inside the calling node's namespace, as that node (its overlay address is the source routing picks): the
/// federation protocol's Probe to a member over the WireGuard overlay, against the same call over loopback to a
/// federation listener in this process whose grain answers at once, as the baseline. One <see cref="GrpcFederationClient"/>
/// (what the grains use) makes both, row after row in the same process.
/// </summary>
public static class FederationCallMeasurement
{
    private const string LoopbackNode = "loopback";
    private static readonly int[] CallerCounts = [1, 16];

    public static async Task RunAsync(string callerNodeId, Guid domainUid, string remoteNodeId, string remoteOverlayAddress, TimeSpan duration, TextWriter output)
    {
        var loopback = new IPEndPoint(IPAddress.Loopback, FederationListener.Port);
        await using var listener = await FederationListener.StartAsync(loopback, domainUid, new Dictionary<IPAddress, string> { [IPAddress.Loopback] = callerNodeId },
            _ => new AnsweringGrain(), NullLoggerFactory.Instance, CancellationToken.None);
        var directory = new MutableNodeDirectory();
        directory.Set(LoopbackNode, domainUid, new Uri($"http://{loopback}/"));
        directory.Set(remoteNodeId, domainUid, new Uri($"http://{remoteOverlayAddress}:{FederationListener.Port}/"));
        using var channels = new FederationChannels();
        var client = new GrpcFederationClient(callerNodeId, directory, channels);
        // The calls must reach the node they are meant for, or the comparison means nothing.
        if ((await client.ProbeAsync(LoopbackNode, domainUid, CancellationToken.None)).Id != LoopbackNode
            || (await client.ProbeAsync(remoteNodeId, domainUid, CancellationToken.None)).Id != remoteNodeId)
        {
            throw new InvalidOperationException("a probe answered from the wrong node");
        }
        await MeasureAsync(client, LoopbackNode, domainUid, 1, TimeSpan.FromSeconds(1));
        await MeasureAsync(client, remoteNodeId, domainUid, 1, TimeSpan.FromSeconds(1));

        output.WriteLine($"federation calls: Probe as {callerNodeId} from its namespace, {duration.TotalSeconds:N0} s per row");
        output.WriteLine();
        output.WriteLine("| path | callers | calls | calls/s | p50 µs | p99 µs |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (int callers in CallerCounts)
        {
            var local = await MeasureAsync(client, LoopbackNode, domainUid, callers, duration);
            var remote = await MeasureAsync(client, remoteNodeId, domainUid, callers, duration);
            output.WriteLine(local.Row("listener on loopback (baseline)", callers));
            output.WriteLine(remote.Row("member node, over the overlay", callers));
            output.WriteLine($"| overlay / loopback | {callers} | | {remote.CallsPerSecond / local.CallsPerSecond:N2}× | "
                + $"{remote.Latencies.Percentile(0.5) / local.Latencies.Percentile(0.5):N2}× | {remote.Latencies.Percentile(0.99) / local.Latencies.Percentile(0.99):N2}× |");
        }
    }

    private sealed record Result(Latencies Latencies, double CallsPerSecond)
    {
        public string Row(string path, int callers) =>
            $"| {path} | {callers} | {Latencies.Count:N0} | {CallsPerSecond:N0} | {Latencies.Percentile(0.5) * 1000:N0} | {Latencies.Percentile(0.99) * 1000:N0} |";
    }

    // Every caller probes the same node in a loop, as every dtPeer of a node probes its member.
    private static async Task<Result> MeasureAsync(GrpcFederationClient client, string nodeId, Guid domainUid, int callers, TimeSpan duration)
    {
        var latencies = new List<long>[callers];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<long>(1 << 14);
            while (clock.Elapsed < duration)
            {
                long start = Stopwatch.GetTimestamp();
                await client.ProbeAsync(nodeId, domainUid, CancellationToken.None);
                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var all = new Latencies(latencies.SelectMany(list => list));
        return new Result(all, all.Count / clock.Elapsed.TotalSeconds);
    }

    /// <summary>The baseline's domain: answers a probe at once, so the loopback row is the protocol and the transport alone.</summary>
    private sealed class AnsweringGrain : IFederationGrain
    {
        private static readonly NodeInfo Self = new(LoopbackNode, "loopback", "bench", DateTimeOffset.UtcNow);

        public Task<NodeInfo> Probe(string callerNodeId, CancellationToken cancellationToken) => Task.FromResult(Self);

        public Task ApplyMembership(MemberList memberList, string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task Leave(string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SyncApps(AppSet set, string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<NetworkAnswer> JoinNetwork(NetworkJoin join, string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task LeaveNetwork(string name, string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ApplyNetwork(ServiceNetwork network, string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ServableView>> ListServables(PrincipalId user, string username, string type, string callerNodeId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task LinkTrustObject(PrincipalId user, string username, string homeNodeId, string trustId, string objectId, Capability capabilities,
            string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<TrustView>> ListTrusts(PrincipalId user, string username, string callerNodeId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<TrustAnswer> ChangeTrust(PrincipalId user, string username, string trustId, TrustChange change, string callerNodeId,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ApplyTrust(TrustedSet set, bool withdrawn, string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SyncUsers(UserSet set, string callerNodeId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ServableAnswer> ActOnServable(PrincipalId user, string username, string servableId, ServableAction action, string callerNodeId,
            CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
