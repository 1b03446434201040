using System.Net;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Pods;
using Dtaas.WireGuard.Tests.Devices;

namespace Dtaas.WireGuard.Tests.Pods;

/// <summary>
/// A dtService network as DESIGN.md 2.5 builds it, on real namespaces and wireguard-go: a server pod (.1, listening,
/// forwarding) and two client pods (.2, .3) whose only peer is the server, each interface made in its node's namespace
/// and moved into its pod's.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class PodInterfacesTests(PodTopology topology) : IClassFixture<PodTopology>
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(10);
    private static int s_networks;

    [NetworkFact]
    public async Task Clients_reach_the_server_and_each_other_through_it()
    {
        var net = await BuildAsync(topology.NewDevices());
        try
        {
            Assert.Equal(net.Client1Address, await TwoNodeTopology.TcpRoundTripAsync(topology.ServerPod, new IPEndPoint(net.ServerAddress, 7001), topology.Client1Pod, Connect));
            // Relayed by the server's pod: no NAT, so client2 sees client1's own address.
            Assert.Equal(net.Client1Address, await TwoNodeTopology.TcpRoundTripAsync(topology.Client2Pod, new IPEndPoint(net.Client2Address, 7002), topology.Client1Pod, Connect));

            var links = new IpLinks(topology.Ip);
            Assert.True(await links.ExistsAsync(topology.ServerPod, net.Server.Name, CancellationToken.None));
            Assert.False(await links.ExistsAsync(topology.ServerNode, net.Server.Name, CancellationToken.None));
            var forwarding = await topology.Ip.ExecAsync(topology.ServerPod, "sysctl", ["-n", "net.ipv4.ip_forward"], CancellationToken.None);
            Assert.Equal("1", forwarding.Stdout.Trim());
            var clientForwarding = await topology.Ip.ExecAsync(topology.Client1Pod, "sysctl", ["-n", "net.ipv4.ip_forward"], CancellationToken.None);
            Assert.Equal("0", clientForwarding.Stdout.Trim());
        }
        finally
        {
            await net.RemoveAllAsync();
        }
    }

    [NetworkFact]
    public async Task Ensuring_the_same_config_again_changes_nothing()
    {
        var devices = new CountingDevices(topology.NewDevices());
        var net = await BuildAsync(devices);
        try
        {
            await TwoNodeTopology.TcpRoundTripAsync(topology.ServerPod, new IPEndPoint(net.ServerAddress, 7011), topology.Client1Pod, Connect);
            var device = await devices.FindAsync(net.Server.Name, topology.ServerPod, CancellationToken.None);
            var before = await TwoNodeTopology.WaitForHandshakeAsync(devices, device!, net.Client1Keys.PublicKey);
            var (creates, configures, moves) = (devices.Creates, devices.Configures, devices.Moves);

            await net.ServerInterfaces.EnsureAsync(net.Server, CancellationToken.None);
            await net.Client1Interfaces.EnsureAsync(net.Client1, CancellationToken.None);

            // Nothing was sent to the devices at all: no key, no port, no peer re-set.
            Assert.Equal((creates, configures, moves), (devices.Creates, devices.Configures, devices.Moves));
            var after = (await devices.GetStateAsync(device!, CancellationToken.None)).Peer(net.Client1Keys.PublicKey);
            Assert.Equal(before.LastHandshake, after!.LastHandshake);
            await TwoNodeTopology.TcpRoundTripAsync(topology.ServerPod, new IPEndPoint(net.ServerAddress, 7012), topology.Client1Pod, Connect);
        }
        finally
        {
            await net.RemoveAllAsync();
        }
    }

    [NetworkFact]
    public async Task A_restarted_silo_adopts_the_interface_in_the_pod_with_its_key_and_peers()
    {
        var net = await BuildAsync(topology.NewDevices());
        try
        {
            await TwoNodeTopology.TcpRoundTripAsync(topology.ServerPod, new IPEndPoint(net.ServerAddress, 7021), topology.Client1Pod, Connect);

            // A fresh device manager and PodInterfaces that know only the spec, as after a silo restart.
            var restarted = new CountingDevices(topology.NewDevices());
            var interfaces = new PodInterfaces(restarted, topology.Ip, new RecordingLogger<PodInterfaces>(), topology.ServerNode);
            var device = await interfaces.EnsureAsync(net.Server, CancellationToken.None);

            Assert.True(device.Adopted);
            Assert.Equal(topology.ServerPod, device.Netns);
            Assert.Equal((0, 0, 0), (restarted.Creates, restarted.Configures, restarted.Moves));
            var state = await restarted.GetStateAsync(device, CancellationToken.None);
            Assert.Equal(net.ServerKeys.PublicKey, state.PublicKey);
            Assert.Equal(net.Server.ListenPort, state.ListenPort);
            Assert.Equal(
                new HashSet<WireGuardKey> { net.Client1Keys.PublicKey, net.Client2Keys.PublicKey },
                state.Peers.Select(p => p.PublicKey).ToHashSet());
            await TwoNodeTopology.TcpRoundTripAsync(topology.ServerPod, new IPEndPoint(net.ServerAddress, 7022), topology.Client1Pod, Connect);
        }
        finally
        {
            await net.RemoveAllAsync();
        }
    }

    [NetworkFact]
    public async Task Removing_a_peer_from_the_servers_config_stops_that_clients_traffic_only()
    {
        var devices = new CountingDevices(topology.NewDevices());
        var net = await BuildAsync(devices);
        try
        {
            await TwoNodeTopology.TcpRoundTripAsync(topology.ServerPod, new IPEndPoint(net.ServerAddress, 7031), topology.Client2Pod, Connect);
            devices.Configs.Clear();

            await net.ServerInterfaces.EnsureAsync(net.Server with { Peers = [.. net.Server.Peers.Where(p => p.PublicKey != net.Client2Keys.PublicKey)] }, CancellationToken.None);

            // One transaction: client2 removed, nothing else touched.
            var sent = Assert.Single(devices.Configs);
            Assert.Null(sent.PrivateKey);
            Assert.Null(sent.ListenPort);
            Assert.False(sent.ReplacePeers);
            var removal = Assert.Single(sent.Peers);
            Assert.True(removal.Remove);
            Assert.Equal(net.Client2Keys.PublicKey, removal.PublicKey);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                TwoNodeTopology.TcpRoundTripAsync(topology.ServerPod, new IPEndPoint(net.ServerAddress, 7032), topology.Client2Pod, TimeSpan.FromSeconds(2)));
            await TwoNodeTopology.TcpRoundTripAsync(topology.ServerPod, new IPEndPoint(net.ServerAddress, 7033), topology.Client1Pod, Connect);
        }
        finally
        {
            await net.RemoveAllAsync();
        }
    }

    [NetworkFact]
    public async Task Remove_deletes_the_interface_and_its_wireguard_go_and_removing_again_is_fine()
    {
        var net = await BuildAsync(topology.NewDevices());
        var links = new IpLinks(topology.Ip);

        await net.ServerInterfaces.RemoveAsync(net.Server.Name, topology.ServerPod, CancellationToken.None);

        Assert.False(await links.ExistsAsync(topology.ServerPod, net.Server.Name, CancellationToken.None));
        Assert.False(await links.ExistsAsync(topology.ServerNode, net.Server.Name, CancellationToken.None));
        Assert.False(File.Exists(Dtaas.WireGuard.Uapi.UapiClient.SocketPathFor(net.Server.Name)));
        await net.ServerInterfaces.RemoveAsync(net.Server.Name, topology.ServerPod, CancellationToken.None);
        await net.RemoveAllAsync();
    }

    [NetworkFact]
    public async Task Remove_finds_an_interface_left_in_the_node_before_its_move()
    {
        var devices = topology.NewDevices();
        var name = topology.NewInterfaceName();
        await devices.CreateOrAdoptAsync(name, topology.ServerNode, CancellationToken.None);
        var interfaces = new PodInterfaces(devices, topology.Ip, new RecordingLogger<PodInterfaces>(), topology.ServerNode);

        await interfaces.RemoveAsync(name, topology.ServerPod, CancellationToken.None);

        Assert.False(await new IpLinks(topology.Ip).ExistsAsync(topology.ServerNode, name, CancellationToken.None));
        Assert.False(File.Exists(Dtaas.WireGuard.Uapi.UapiClient.SocketPathFor(name)));
    }

    /// <summary>Ensures the server and both clients on a fresh /24 (100.96.N.0/24, N = 0 for the first).</summary>
    private async Task<PodNet> BuildAsync(IWireGuardDevices devices)
    {
        var n = Interlocked.Increment(ref s_networks) - 1;
        var port = 41000 + n;
        IPAddress Address(int host) => IPAddress.Parse($"100.96.{n}.{host}");
        var network = new IPNetwork(Address(0), 24);
        var (serverKeys, client1Keys, client2Keys) = (KeyPair.Generate(), KeyPair.Generate(), KeyPair.Generate());

        var server = new PodInterfaceSpec(topology.NewInterfaceName(), topology.ServerPod, serverKeys.PrivateKey, port,
            new InterfaceAddress(Address(1), 24), Forward: true,
            [
                new PeerConfig(client1Keys.PublicKey) { AllowedIps = [new IPNetwork(Address(2), 32)], PersistentKeepaliveSeconds = 0 },
                new PeerConfig(client2Keys.PublicKey) { AllowedIps = [new IPNetwork(Address(3), 32)], PersistentKeepaliveSeconds = 0 },
            ]);
        PodInterfaceSpec Client(string pod, KeyPair keys, int host, IPAddress serverUnderlay) =>
            new(topology.NewInterfaceName(), pod, keys.PrivateKey, null, new InterfaceAddress(Address(host), 24), Forward: false,
            [
                new PeerConfig(serverKeys.PublicKey)
                {
                    Endpoint = new IPEndPoint(serverUnderlay, port),
                    AllowedIps = [network],
                    PersistentKeepaliveSeconds = 25,
                },
            ]);
        var net = new PodNet(
            new PodInterfaces(devices, topology.Ip, new RecordingLogger<PodInterfaces>(), topology.ServerNode),
            new PodInterfaces(devices, topology.Ip, new RecordingLogger<PodInterfaces>(), topology.Client1Node),
            new PodInterfaces(devices, topology.Ip, new RecordingLogger<PodInterfaces>(), topology.Client2Node),
            server,
            Client(topology.Client1Pod, client1Keys, 2, PodTopology.ServerFromClient1),
            Client(topology.Client2Pod, client2Keys, 3, PodTopology.ServerFromClient2),
            serverKeys, client1Keys, client2Keys);
        await net.ServerInterfaces.EnsureAsync(net.Server, CancellationToken.None);
        await net.Client1Interfaces.EnsureAsync(net.Client1, CancellationToken.None);
        await net.Client2Interfaces.EnsureAsync(net.Client2, CancellationToken.None);
        return net;
    }

    private sealed record PodNet(
        PodInterfaces ServerInterfaces,
        PodInterfaces Client1Interfaces,
        PodInterfaces Client2Interfaces,
        PodInterfaceSpec Server,
        PodInterfaceSpec Client1,
        PodInterfaceSpec Client2,
        KeyPair ServerKeys,
        KeyPair Client1Keys,
        KeyPair Client2Keys)
    {
        public IPAddress ServerAddress => Server.Address.Address;

        public IPAddress Client1Address => Client1.Address.Address;

        public IPAddress Client2Address => Client2.Address.Address;

        public async Task RemoveAllAsync()
        {
            await ServerInterfaces.RemoveAsync(Server.Name, Server.PodNetns, CancellationToken.None);
            await Client1Interfaces.RemoveAsync(Client1.Name, Client1.PodNetns, CancellationToken.None);
            await Client2Interfaces.RemoveAsync(Client2.Name, Client2.PodNetns, CancellationToken.None);
        }
    }
}
