using System.Diagnostics;
using System.Net;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Netns;
using k8s;
using Xunit.Abstractions;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Fencing and the overlay Service, on the deploy manifests' terms. Unlike <see cref="MultiSiloNodeTests"/>, whose
/// replicas share node0's namespace (and so one set of interfaces), each replica here is a host of its own: node0 runs
/// the Kubernetes API (a standalone silo, namespace <c>tenant</c>) and stands in for the Service dtaas-wireguard (a
/// <see cref="UdpServiceForwarder"/> at node0's address following the Endpoints the Lease holder writes, as a load
/// balancer and kube-proxy would); node1 and node2 are node0's two replicas, each reaching the API through a
/// <see cref="CuttableTcpProxy"/>; node3 is a member that reaches node0's overlay only through that Service address
/// (UDP straight from the replicas is dropped in node3). The leader's path to the API is cut while it keeps running:
/// it must remove its overlay before the other replica takes the Lease, never both holding it (checked every 100 ms),
/// and the member's packets must reach the new holder through the Service within seconds. Then the path comes back: the
/// old leader sees the new holder and stands by, and the new holder's host carries the overlay.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class FencingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Namespace = "tenant";
    private const string Domain = "fenced";
    private const int ApiPort = 7443;
    private const int WireGuardPort = 51820;

    private readonly List<IAsyncDisposable> _resources = [];
    private readonly List<SiloProcess> _replicas = [];
    private NodeNetwork? _network;
    private string _root = "";

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        _network = await NodeNetwork.CreateAsync(4);
        _root = Path.Combine(Path.GetTempPath(), $"dtaas-fencing-{_network.Id}");
        Directory.CreateDirectory(Path.Combine(_root, "home"));
    }

    public async Task DisposeAsync()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            await resource.DisposeAsync();
        }
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [NamespaceFact]
    public async Task A_leader_cut_from_the_API_removes_its_overlay_before_the_other_replica_takes_it_and_peers_reach_the_new_holder()
    {
        var started = Stopwatch.StartNew();
        try
        {
            await CutTheLeaderAsync();
        }
        catch
        {
            foreach (var process in _replicas)
            {
                output.WriteLine($"--- {process.DataDirectory}\n{process.Output}");
            }
            throw;
        }
        finally
        {
            output.WriteLine($"FencingTests took {started.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private async Task CutTheLeaderAsync()
    {
        var network = _network!;
        var (node0, member) = (network.Nodes[0], network.Nodes[3]);
        var cluster = Track(await SiloProcess.StartAsync(Launch(node0, "cluster", 8070, ["--node-name", "cluster.example.org",
            "--api-listen", $"127.0.0.1:{ApiPort}", "--client-listen", "127.0.0.1:30010"])));
        var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(_root, "home"), node0.Netns);
        await ApplyAsync(kubectl, $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {Namespace}\n");

        // Each replica's API: node0's loopback, through a path the test can cut. The replicas and the member start side by side.
        var paths = new List<CuttableTcpProxy>();
        var starting = new List<Task<SiloProcess>>();
        foreach (var replica in network.Nodes.Skip(1).Take(2))
        {
            paths.Add(Track(await CuttableTcpProxy.StartAsync(replica.Netns, new IPEndPoint(IPAddress.Loopback, ApiPort), node0.Netns, new IPEndPoint(IPAddress.Loopback, ApiPort))));
            starting.Add(SiloProcess.StartAsync(Launch(replica, $"replica-{replica.Index}", 8080, [
                "--kubeconfig", cluster.Kubeconfig, "--namespace", Namespace, "--node-name", "node0.example.org",
                "--public-address", $"{node0.Address}:8080", "--wireguard-port", $"{WireGuardPort}",
                "--client-listen", $"{replica.Address}:30000", "--silo-listen", $"{replica.Address}:11111",
                "--pod-netns-dir", network.PodDirectory(replica.Index), "--pod-resolver", "netns"])));
        }
        var memberStart = NetnsSilo.StartAsync(network, member, Path.Combine(_root, "member"));
        foreach (var replica in starting)
        {
            _replicas.Add(Track(await replica));
        }
        var memberSilo = Track(await memberStart);
        // The member reaches node0's overlay only at the Service's address, as a peer outside the cluster would.
        await NftAsync(member.Netns, "add table inet fencing", "add chain inet fencing in { type filter hook input priority 0; }",
            $"add rule inet fencing in ip saddr {{ {network.Nodes[1].Address}, {network.Nodes[2].Address} }} meta l4proto udp drop");

        // The Service stand-in follows the Endpoints dtaas-wireguard, read through node0's loopback every 100 ms.
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Kubeconfig);
        config.FirstMessageHandlerSetup = handler => handler.ConnectCallback = NamespacedHttp.ConnectInside(node0.Netns);
        using var api = new k8s.Kubernetes(config);
        var service = Track(await UdpServiceForwarder.StartAsync(node0.Netns, new IPEndPoint(node0.Address, WireGuardPort)));
        service.Follow(async cancellationToken =>
        {
            var endpoints = await api.CoreV1.ReadNamespacedEndpointsAsync("dtaas-wireguard", Namespace, cancellationToken: cancellationToken);
            var subset = endpoints.Subsets?.SingleOrDefault();
            return subset?.Addresses?.SingleOrDefault() is { } address && subset.Ports.SingleOrDefault(p => p.Name == "wireguard-0") is { } port
                ? new IPEndPoint(IPAddress.Parse(address.Ip), port.Port)
                : null;
        }, TimeSpan.FromMilliseconds(100));

        await ApplyAsync(kubectl, $"apiVersion: sid.sightlineinnovation.com/v1\nkind: dtDomain\nmetadata:\n  name: {Domain}\n  namespace: {Namespace}\n");
        await Eventually.Until(() => kubectl.RunAsync("get", "dtdomain", Domain, "-n", Namespace, "-o", "jsonpath={.status}"), r => r.Stdout == "Ready");
        var token = (await kubectl.RunAsync("get", "dtdomain", Domain, "-n", Namespace, "-o", "jsonpath={.inviteToken}")).Stdout;
        var holder = (await kubectl.RunAsync("get", "lease", "dtaas-silo", "-n", Namespace, "-o", "jsonpath={.spec.holderIdentity}")).Stdout;
        var leaderIndex = _replicas.FindIndex(r => r.Output.Contains($"{holder} started leading"));
        Assert.True(leaderIndex >= 0, $"no replica says {holder} started leading");
        var (leader, standby) = (network.Nodes[1 + leaderIndex], network.Nodes[2 - leaderIndex]);

        // The join goes to the leader's gateway; the overlay then runs through the Service stand-in.
        await memberSilo.ApplyJoinAsync(Domain, $"{leader.Address}:8080", token, CancellationToken.None);
        Assert.Equal("Ready", (await memberSilo.WaitForJoinOutcomeAsync(Domain)).String("status"));
        await memberSilo.WaitUntilConnectedAsync(1, TimeSpan.FromSeconds(60));
        Assert.True(service.DeliveredTo(leader.Address) > 0, "the member's packets reached the leader through the Service stand-in");

        await using var watch = OverlayWatch.Start(network.Ip, leader.Netns, standby.Netns);
        await Eventually.Until(() => Task.FromResult(watch.Holders), h => h == OverlayHolders.First, TimeSpan.FromSeconds(10), "the leader's overlay seen");

        var cut = Stopwatch.StartNew();
        var cutAt = DateTimeOffset.UtcNow;
        paths[leaderIndex].Cut();
        var newLeader = _replicas[1 - leaderIndex];
        await newLeader.WaitForOutputAsync("started leading", TimeSpan.FromSeconds(45));
        var leaseTaken = cut.Elapsed;
        Assert.Contains("could not renew the lease", _replicas[leaderIndex].Output);
        await Eventually.Until(() => Task.FromResult(service.Target?.Address), a => Equals(a, standby.Address), TimeSpan.FromSeconds(20),
            "the Service's Endpoints to name the new holder");
        var pointed = cut.Elapsed;
        // The member's packets go to the new holder through the Service as soon as the Endpoints name it.
        await Eventually.Until(() => Task.FromResult(service.DeliveredTo(standby.Address)), n => n > 0, TimeSpan.FromSeconds(20),
            "the member's packets at the new holder through the Service stand-in");
        var delivered = cut.Elapsed;
        // Grains placed on the cut replica reach host-bound work again once it sees who holds the Lease: its path comes back.
        paths[leaderIndex].Restore();
        var restored = cut.Elapsed;
        // The old leader sees the new holder and stands by; the new holder's host carries the overlay, the old one's not.
        var newHolder = (await kubectl.RunAsync("get", "lease", "dtaas-silo", "-n", Namespace, "-o", "jsonpath={.spec.holderIdentity}")).Stdout;
        Assert.NotEqual(holder, newHolder);
        await Eventually.Until(() => Task.FromResult(_replicas[leaderIndex].Output), o => o.Contains($"sees {newHolder} as leader"), TimeSpan.FromSeconds(30),
            "the old leader to see the new holder");
        await Eventually.Until(() => Task.FromResult(watch.Holders), h => h == OverlayHolders.Second, TimeSpan.FromSeconds(60), "the new holder's overlay");
        var reached = cut.Elapsed;

        // The old leader kept running all along: its gateway still answers (not ready, standing by).
        using var http = NamespacedHttp.CreateClient(leader.Netns);
        using var health = await http.GetAsync("http://127.0.0.1:8080/healthz");
        Assert.NotNull(health);
        Assert.False(watch.BothSeen, $"both replicas held the overlay at once: {watch.Describe()}");
        output.WriteLine($"Leader cut from the API: its overlay gone {watch.SecondsUntilFirstGone(cutAt):0.0} s, Lease taken {leaseTaken.TotalSeconds:0.0} s, " +
            $"Endpoints on the new holder {pointed.TotalSeconds:0.0} s, the member's packets there {delivered.TotalSeconds:0.0} s; the new holder's overlay {reached.TotalSeconds:0.0} s after the cut (path back at {restored.TotalSeconds:0.0} s); " +
            $"{watch.Samples} samples every 100 ms, never both");
    }

    private SiloLaunch Launch(NetworkNode node, string name, int gatewayPort, string[] arguments) => new(
        Prefix: [IpCommand.Executable, "netns", "exec", node.Netns],
        DataDirectory: Path.Combine(_root, name),
        Arguments: [.. arguments, "--gateway-listen", $"0.0.0.0:{gatewayPort}", "--gateway-tls-listen", $"0.0.0.0:{gatewayPort + 1}", "--metrics-listen", ""],
        ApiPort: ApiPort,
        GatewayPort: gatewayPort,
        HealthUrl: new Uri($"http://127.0.0.1:{gatewayPort}/healthz"),
        UsesCluster: arguments.Contains("--kubeconfig"),
        CreateHttpClient: () => NamespacedHttp.CreateClient(node.Netns));

    private async Task NftAsync(string netns, params string[] commands)
    {
        foreach (var command in commands)
        {
            var result = await _network!.Ip.ExecAsync(netns, "nft", [command], CancellationToken.None);
            Assert.True(result.ExitCode == 0, $"nft {command}: {result.Stderr}");
        }
    }

    private async Task ApplyAsync(Kubectl kubectl, string yaml)
    {
        var path = Path.Combine(_root, $"{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var result = await kubectl.RunAsync("apply", "-f", path);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private T Track<T>(T resource) where T : IAsyncDisposable
    {
        _resources.Add(resource);
        return resource;
    }
}
