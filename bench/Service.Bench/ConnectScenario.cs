using System.Diagnostics;
using System.Net;
using Dtaas.EndToEnd.Tests;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Bench;
using Dtaas.Overlay.Bench;
using Dtaas.TestSupport;

namespace Dtaas.Service.Bench;

/// <summary>
/// The seed network (<c>dtservice.yaml</c> on node0, my-pod the server at 100.96.0.1), then apply → Connected for the
/// client: <c>kubectl apply -f dtservice-join.yaml</c> on node1 (service-pod), timed until a watch on node1's API sees
/// <c>Connected</c> and until TCP first gets through from service-pod to 100.96.0.1; then the client is deleted (until
/// node1's object is gone and node0's peers are the server alone) and applied again. The kubectl command's own duration
/// and the server's create → Connected are the baselines.
/// </summary>
public static class ConnectScenario
{
    public const string Name = "myservice";
    public const int ProbePort = 7100;
    public static readonly IPAddress ServerAddress = IPAddress.Parse("100.96.0.1");
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Makes the seed network and measures <paramref name="rounds"/> client joins; the client is left joined.</summary>
    public static async Task RunAsync(ServiceFixture fixture, int rounds, TextWriter output)
    {
        var (node0, node1) = (fixture.Topology[0], fixture.Topology[1]);
        using var api0 = new NamespacedKubernetes(node0.Node.Netns, Path.Combine(node0.DataDirectory, "kubeconfig"));
        using var api1 = new NamespacedKubernetes(node1.Node.Netns, Path.Combine(node1.DataDirectory, "kubeconfig"));
        await using var watch0 = await ObjectWatch<DtService>.StartAsync(api0.Client, api0.Client.DefaultNamespace);
        await using var watch1 = await ObjectWatch<DtService>.StartAsync(api1.Client, api1.Client.DefaultNamespace);

        // The server: one sample, the baseline of what a create costs without joining anything.
        var serverConnected = watch0.WhenAsync(Connected, Limit, "node0's myservice Connected");
        long serverStarted = Stopwatch.GetTimestamp();
        long serverApplied = await Timed(() => node0.KubectlCheckedAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "dtservice.yaml")));
        long serverAt = await serverConnected;

        using var probe = await TcpReachability.ListenAsync(fixture.PodNetns("my-pod"), new IPEndPoint(ServerAddress, ProbePort));
        var measured = new List<ConnectRound>();
        for (int i = -1; i < rounds; i++) // round -1 warms up kubectl, the watches and the sockets
        {
            var round = await RunRoundAsync(fixture, watch0, watch1, probe, deleteAfter: i < rounds - 1);
            if (i >= 0)
            {
                measured.Add(round);
            }
        }
        Report(serverApplied - serverStarted, serverAt - serverStarted, measured, output);
    }

    private static async Task<ConnectRound> RunRoundAsync(
        ServiceFixture fixture, ObjectWatch<DtService> watch0, ObjectWatch<DtService> watch1, TcpReachability probe, bool deleteAfter)
    {
        var node1 = fixture.Topology[1];
        var connected = watch1.WhenAsync(Connected, Limit, "node1's myservice Connected");
        var grew = watch0.WhenAsync(objects => Peers(objects) == 2, Limit, "node0's myservice with the client");
        long applyStarted = Stopwatch.GetTimestamp();
        var through = probe.WhenThroughAsync(fixture.PodNetns("service-pod"), Limit);
        long applyEnded = await Timed(() => node1.KubectlCheckedAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "dtservice-join.yaml")));
        long connectedAt = await connected;
        long grewAt = await grew;
        long throughAt = await through;
        if (!deleteAfter)
        {
            return new ConnectRound(applyStarted, applyEnded, connectedAt, grewAt, throughAt, 0, 0, 0, 0);
        }

        var gone = watch1.WhenAsync(objects => objects.All(s => s.Metadata.Name != Name), Limit, "node1's myservice gone");
        var shrunk = watch0.WhenAsync(objects => Peers(objects) == 1, Limit, "node0's myservice with the server alone");
        long deleteStarted = Stopwatch.GetTimestamp();
        long deleteEnded = await Timed(() => node1.KubectlCheckedAsync("delete", "dtservice", Name));
        return new ConnectRound(applyStarted, applyEnded, connectedAt, grewAt, throughAt, deleteStarted, deleteEnded, await gone, await shrunk);
    }

    private static bool Connected(IReadOnlyCollection<DtService> objects) =>
        objects.Any(s => s.Metadata.Name == Name && s.Status == "Connected");

    private static int Peers(IReadOnlyCollection<DtService> objects) =>
        objects.FirstOrDefault(s => s.Metadata.Name == Name)?.Peers?.Count ?? 0;

    private static async Task<long> Timed(Func<Task> action)
    {
        await action();
        return Stopwatch.GetTimestamp();
    }

    private static void Report(long serverApply, long serverConnected, List<ConnectRound> rounds, TextWriter output)
    {
        var deleted = rounds.Where(r => r.DeleteStarted != 0).ToList();
        output.WriteLine($"### dtService apply → Connected ({rounds.Count} client joins, TCP attempts every {TcpReachability.Interval.TotalMilliseconds:N0} ms)");
        output.WriteLine();
        output.WriteLine("| interval | samples | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        void Row(string interval, IEnumerable<long> ticks)
        {
            var latencies = new Latencies(ticks);
            output.WriteLine($"| {interval} | {latencies.Count} | {latencies.Cells} |");
        }
        Row("server (node0, my-pod): `kubectl apply` command, start → exit (baseline)", [serverApply]);
        Row("server (node0, my-pod): apply started → Connected (baseline)", [serverConnected]);
        Row("client (node1, service-pod): `kubectl apply` command, start → exit (baseline)", rounds.Select(r => r.ApplyEnded - r.ApplyStarted));
        Row("**client: apply started → `Connected` seen by a watch on node1**", rounds.Select(r => r.Connected - r.ApplyStarted));
        Row("client: apply started → node0's object lists the client (watch on node0)", rounds.Select(r => r.ServerGrew - r.ApplyStarted));
        Row("client: apply started → first TCP connection service-pod → 100.96.0.1", rounds.Select(r => r.TcpThrough - r.ApplyStarted));
        Row("client: `kubectl delete` command, start → exit (baseline)", deleted.Select(r => r.DeleteEnded - r.DeleteStarted));
        Row("client: delete started → node1's object gone", deleted.Select(r => r.Gone - r.DeleteStarted));
        Row("client: delete started → node0's peers back to the server alone", deleted.Select(r => r.ServerShrunk - r.DeleteStarted));
        output.WriteLine();
    }
}
