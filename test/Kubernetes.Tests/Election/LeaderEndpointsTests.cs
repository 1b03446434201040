using Dtaas.Kubernetes.Election;
using Dtaas.TestSupport;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.Tests.Election;

/// <summary>
/// The leader points the selector-less Service's Endpoints at its own pod against the standalone API: it makes them,
/// leaves them alone while they are right, and writes them again when another leader took over or someone changed them.
/// </summary>
public sealed class LeaderEndpointsTests
{
    private static readonly LeaderEndpointPort[] Ports = [new("wireguard-0", 51820, "UDP"), new("wireguard-1", 51821, "UDP")];

    private static LeaderEndpoints For(IKubernetes api, string identity, string address) =>
        new(api, new LeaderEndpointsOptions { ServiceName = "dtaas-wireguard", Namespace = "node0", Identity = identity, Address = address, Pod = $"pod-{identity}", Ports = Ports },
            NullLogger<LeaderEndpoints>.Instance);

    [Fact]
    public async Task A_new_leader_points_the_endpoints_at_its_pod_and_a_change_by_anyone_else_is_corrected()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Server.KubeconfigPath));
        var a = For(api, "silo-a", "10.0.0.11");

        Assert.True(await a.EnsureAsync(CancellationToken.None));
        Assert.False(await a.EnsureAsync(CancellationToken.None));
        var made = await api.CoreV1.ReadNamespacedEndpointsAsync("dtaas-wireguard", "node0");
        var subset = Assert.Single(made.Subsets);
        Assert.Equal("10.0.0.11", Assert.Single(subset.Addresses).Ip);
        Assert.Equal("pod-silo-a", subset.Addresses[0].TargetRef.Name);
        Assert.Equal(["wireguard-0:51820/UDP", "wireguard-1:51821/UDP"], subset.Ports.Select(p => $"{p.Name}:{p.Port}/{p.Protocol}").Order());

        // Another replica takes the Lease: its pod from now on, even at the same address (a restarted pod).
        var b = For(api, "silo-b", "10.0.0.11");
        Assert.True(await b.EnsureAsync(CancellationToken.None));
        Assert.Equal("silo-b", (await api.CoreV1.ReadNamespacedEndpointsAsync("dtaas-wireguard", "node0")).Metadata.Annotations[LeaderEndpoints.HolderAnnotation]);

        // Someone points them elsewhere: the leader's next check puts them back.
        var changed = await api.CoreV1.ReadNamespacedEndpointsAsync("dtaas-wireguard", "node0");
        changed.Subsets[0].Addresses[0].Ip = "10.0.0.99";
        await api.CoreV1.ReplaceNamespacedEndpointsAsync(changed, "dtaas-wireguard", "node0");
        Assert.True(await b.EnsureAsync(CancellationToken.None));
        Assert.Equal("10.0.0.11", (await api.CoreV1.ReadNamespacedEndpointsAsync("dtaas-wireguard", "node0")).Subsets[0].Addresses[0].Ip);
    }

    [Fact]
    public async Task Keeping_them_stops_when_leadership_ends()
    {
        await using var server = await TestServer.StartAsync();
        using var api = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Server.KubeconfigPath));
        var keeper = new LeaderEndpoints(api, new LeaderEndpointsOptions
        {
            ServiceName = "dtaas-wireguard", Namespace = "node0", Identity = "silo-a", Address = "10.0.0.11", Ports = Ports,
            CheckPeriod = TimeSpan.FromMilliseconds(100),
        }, NullLogger<LeaderEndpoints>.Instance);
        using var leading = new CancellationTokenSource();
        var keeping = keeper.KeepAsync(leading.Token);

        await Eventually.Until(() => api.CoreV1.ListNamespacedEndpointsAsync("node0"), list => list.Items.Any(e => e.Metadata.Name == "dtaas-wireguard"),
            TimeSpan.FromSeconds(10), "the endpoints made");
        await leading.CancelAsync();
        await keeping.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
