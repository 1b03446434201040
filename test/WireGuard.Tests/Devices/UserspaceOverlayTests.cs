using System.Net;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Netns;

namespace Dtaas.WireGuard.Tests.Devices;

[Collection(NetworkCollection.Name)]
public sealed class UserspaceOverlayTests(TwoNodeTopology topology) : IClassFixture<TwoNodeTopology>
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(10);

    [NetworkFact]
    public async Task Peers_handshake_and_TCP_crosses_the_tunnel_on_overlay_addresses()
    {
        var devices = topology.NewDevices(new RecordingLogger<WireGuardDevices>());
        var (a, b) = await topology.ConnectPairAsync(devices);

        var seenFrom = await TwoNodeTopology.TcpRoundTripAsync(topology.NodeA, a.Service(7777), topology.NodeB, Connect);

        // The server knows its caller by overlay source address: the basis of identifying federation members.
        Assert.Equal(b.Address, seenFrom);
        var peerOfA = await TwoNodeTopology.WaitForHandshakeAsync(devices, a.Device, b.Keys.PublicKey);
        Assert.NotNull(peerOfA.LastHandshake);
        Assert.True(peerOfA.RxBytes > 0 && peerOfA.TxBytes > 0);
        Assert.Equal(new IPEndPoint(TwoNodeTopology.UnderlayB, b.Port), peerOfA.Endpoint);
        Assert.Equal(a.Keys.PublicKey, (await devices.GetStateAsync(a.Device, CancellationToken.None)).PublicKey);
        await devices.DeleteAsync(a.Device, CancellationToken.None);
        await devices.DeleteAsync(b.Device, CancellationToken.None);
    }

    [NetworkFact]
    public async Task Removing_the_peer_stops_traffic()
    {
        var devices = topology.NewDevices(new RecordingLogger<WireGuardDevices>());
        var (a, b) = await topology.ConnectPairAsync(devices);
        await TwoNodeTopology.TcpRoundTripAsync(topology.NodeA, a.Service(7778), topology.NodeB, Connect);

        await devices.ConfigureAsync(a.Device, new DeviceConfig { Peers = [PeerConfig.Removal(b.Keys.PublicKey)] }, CancellationToken.None);

        Assert.Empty((await devices.GetStateAsync(a.Device, CancellationToken.None)).Peers);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TwoNodeTopology.TcpRoundTripAsync(topology.NodeA, a.Service(7779), topology.NodeB, TimeSpan.FromSeconds(2)));
        await devices.DeleteAsync(a.Device, CancellationToken.None);
        await devices.DeleteAsync(b.Device, CancellationToken.None);
    }

    [NetworkFact]
    public async Task A_new_manager_adopts_a_running_interface_with_its_key_and_peers()
    {
        var (a, b) = await topology.ConnectPairAsync(topology.NewDevices(new RecordingLogger<WireGuardDevices>()));
        await TwoNodeTopology.TcpRoundTripAsync(topology.NodeA, a.Service(7780), topology.NodeB, Connect);

        // A restarted silo: a fresh manager that knows nothing but the interface's name and namespace.
        var restarted = topology.NewDevices(new RecordingLogger<WireGuardDevices>());
        var adopted = await restarted.CreateOrAdoptAsync(a.Device.Name, topology.NodeA, CancellationToken.None);

        Assert.True(adopted.Adopted);
        Assert.Equal(WireGuardBackend.Userspace, adopted.Backend);
        var state = await restarted.GetStateAsync(adopted, CancellationToken.None);
        Assert.Equal(a.Keys.PublicKey, state.PublicKey);
        Assert.Equal(a.Port, state.ListenPort);
        var peer = Assert.Single(state.Peers);
        Assert.Equal(b.Keys.PublicKey, peer.PublicKey);
        Assert.Equal([new IPNetwork(b.Address, 32)], peer.AllowedIps);
        // Re-applying the address after a restart is harmless, and the tunnel kept working throughout.
        await restarted.AddAddressAsync(adopted, new InterfaceAddress(a.Address, 24), CancellationToken.None);
        await TwoNodeTopology.TcpRoundTripAsync(topology.NodeA, a.Service(7781), topology.NodeB, Connect);
        // The socket path is per host: the same name asked for in another namespace is refused, not taken over.
        var elsewhere = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            restarted.CreateOrAdoptAsync(a.Device.Name, topology.NodeB, CancellationToken.None));
        Assert.Contains(topology.NodeB, elsewhere.Message);
        await restarted.DeleteAsync(adopted, CancellationToken.None);
        await restarted.DeleteAsync(b.Device, CancellationToken.None);
    }

    [NetworkFact]
    public async Task An_interface_moved_into_a_pod_namespace_keeps_its_config_and_carries_traffic()
    {
        var devices = topology.NewDevices(new RecordingLogger<WireGuardDevices>());
        var (a, b) = await topology.ConnectPairAsync(devices);

        // Made in node A (its UDP socket stays there, next to the veth), then handed to the pod.
        var moved = await devices.MoveAsync(a.Device, topology.Pod, CancellationToken.None);
        await devices.AddAddressAsync(moved, new InterfaceAddress(a.Address, 24), CancellationToken.None);
        await devices.SetUpAsync(moved, CancellationToken.None);

        var links = new IpLinks(topology.Ip);
        Assert.True(await links.ExistsAsync(topology.Pod, moved.Name, CancellationToken.None));
        Assert.False(await links.ExistsAsync(topology.NodeA, moved.Name, CancellationToken.None));
        var state = await devices.GetStateAsync(moved, CancellationToken.None);
        Assert.Equal(a.Keys.PublicKey, state.PublicKey);
        Assert.Equal(b.Keys.PublicKey, Assert.Single(state.Peers).PublicKey);
        Assert.Equal(a.Address, await TwoNodeTopology.TcpRoundTripAsync(topology.NodeB, b.Service(7782), topology.Pod, Connect));
        await devices.DeleteAsync(moved, CancellationToken.None);
        Assert.False(await links.ExistsAsync(topology.Pod, moved.Name, CancellationToken.None));
        await devices.DeleteAsync(b.Device, CancellationToken.None);
    }

    [NetworkFact]
    public async Task After_wireguard_go_dies_its_leftover_socket_is_cleared_and_the_interface_made_anew()
    {
        var devices = topology.NewDevices(new RecordingLogger<WireGuardDevices>());
        var device = await devices.CreateOrAdoptAsync(topology.NewInterfaceName(), topology.NodeA, CancellationToken.None);
        var socket = Dtaas.WireGuard.Uapi.UapiClient.SocketPathFor(device.Name);

        // SIGKILL: no chance to remove its socket, as in a crash (the pid is the one this test's interface runs under).
        System.Diagnostics.Process.GetProcessById(topology.RunningWireGuardGo()[device.Name]).Kill();
        await Eventually.Until(() => new IpLinks(topology.Ip).ExistsAsync(topology.NodeA, device.Name, CancellationToken.None), exists => !exists,
            TimeSpan.FromSeconds(5), $"{device.Name} gone with its wireguard-go", TimeSpan.FromMilliseconds(20));
        Assert.True(File.Exists(socket));

        var remade = await devices.CreateOrAdoptAsync(device.Name, topology.NodeA, CancellationToken.None);

        Assert.False(remade.Adopted);
        Assert.True((await devices.GetStateAsync(remade, CancellationToken.None)).PublicKey.IsZero);
        await devices.DeleteAsync(remade, CancellationToken.None);
        Assert.False(File.Exists(socket));
    }
}
