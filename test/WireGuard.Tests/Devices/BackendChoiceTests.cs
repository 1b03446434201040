using System.Net;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Netns;

namespace Dtaas.WireGuard.Tests.Devices;

[Collection(NetworkCollection.Name)]
public sealed class BackendChoiceTests(TwoNodeTopology topology) : IClassFixture<TwoNodeTopology>
{
    /// <summary>Whether this host's kernel has WireGuard; the build machine's has not.</summary>
    private static bool KernelHasWireGuard => Directory.Exists("/sys/module/wireguard");

    [NetworkFact]
    public async Task Auto_tries_the_kernel_falls_back_to_wireguard_go_and_logs_the_choice_once()
    {
        var log = new RecordingLogger<WireGuardDevices>();
        var devices = topology.NewDevices(log, WireGuardBackend.Auto);
        Assert.Null(devices.ChosenBackend);

        var first = await devices.CreateOrAdoptAsync(topology.NewInterfaceName(), topology.NodeA, CancellationToken.None);
        var second = await devices.CreateOrAdoptAsync(topology.NewInterfaceName(), topology.NodeA, CancellationToken.None);

        var expected = KernelHasWireGuard ? WireGuardBackend.Kernel : WireGuardBackend.Userspace;
        Assert.Equal(expected, devices.ChosenBackend);
        Assert.Equal([expected, expected], new[] { first.Backend, second.Backend });
        Assert.Single(log.Messages, message => message.StartsWith("WireGuard backend auto", StringComparison.Ordinal));
        await devices.DeleteAsync(first, CancellationToken.None);
        await devices.DeleteAsync(second, CancellationToken.None);
    }

    [NetworkFact]
    public async Task The_kernel_backend_makes_a_kernel_interface_or_says_why_it_cannot_and_leaves_nothing_behind()
    {
        var devices = topology.NewDevices(new RecordingLogger<WireGuardDevices>(), WireGuardBackend.Kernel);
        var name = topology.NewInterfaceName();
        var links = new IpLinks(topology.Ip);

        if (KernelHasWireGuard)
        {
            var device = await devices.CreateOrAdoptAsync(name, topology.NodeA, CancellationToken.None);
            Assert.Equal(WireGuardBackend.Kernel, device.Backend);
            await devices.DeleteAsync(device, CancellationToken.None);
        }
        else
        {
            var error = await Assert.ThrowsAsync<WireGuardBackendUnavailableException>(() =>
                devices.CreateOrAdoptAsync(name, topology.NodeA, CancellationToken.None));
            Assert.Equal(WireGuardBackend.Kernel, error.Backend);
            Assert.Contains("type wireguard", error.Message);
        }
        Assert.False(await links.ExistsAsync(topology.NodeA, name, CancellationToken.None));
    }

    [NetworkFact]
    public async Task The_wg_tool_configures_and_reads_the_same_state_as_the_UAPI()
    {
        // wg talks to wireguard-go's socket as it talks to the kernel, so the kernel backend's configuration path is
        // exercised here on a userspace interface.
        var devices = topology.NewDevices(new RecordingLogger<WireGuardDevices>());
        var (a, b) = await topology.ConnectPairAsync(devices);
        var wg = new WgCli(topology.Ip);
        var extra = KeyPair.Generate();

        await wg.ConfigureAsync(a.Device, new DeviceConfig
        {
            Peers =
            [
                new PeerConfig(b.Keys.PublicKey) { AllowedIps = [IPNetwork.Parse("100.96.0.0/24")], ReplaceAllowedIps = false },
                new PeerConfig(extra.PublicKey) { Endpoint = IPEndPoint.Parse("10.200.0.9:1234"), PersistentKeepaliveSeconds = 7 },
            ],
        }, CancellationToken.None);

        var throughUapi = await devices.GetStateAsync(a.Device, CancellationToken.None);
        var throughWg = await wg.GetStateAsync(a.Device, CancellationToken.None);
        Assert.Equal(a.Keys.PublicKey, throughWg.PublicKey);
        Assert.Equal(a.Port, throughWg.ListenPort);
        Assert.Equal(
            [new IPNetwork(b.Address, 32), IPNetwork.Parse("100.96.0.0/24")],
            throughWg.Peer(b.Keys.PublicKey)!.AllowedIps.OrderBy(network => network.ToString()));
        Assert.Equal(7, throughWg.Peer(extra.PublicKey)!.PersistentKeepaliveSeconds);
        Assert.Equal(Summary(throughUapi), Summary(throughWg));

        await wg.ConfigureAsync(a.Device, new DeviceConfig { ReplacePeers = true, Peers = [new PeerConfig(extra.PublicKey)] }, CancellationToken.None);

        var replaced = Assert.Single((await devices.GetStateAsync(a.Device, CancellationToken.None)).Peers);
        Assert.Equal(extra.PublicKey, replaced.PublicKey);
        Assert.Empty(replaced.AllowedIps);
        await devices.DeleteAsync(a.Device, CancellationToken.None);
        await devices.DeleteAsync(b.Device, CancellationToken.None);
    }

    [NetworkFact]
    public async Task Failing_ip_commands_carry_ips_stderr()
    {
        var error = await Assert.ThrowsAsync<CommandFailedException>(() =>
            new IpLinks(topology.Ip).SetUpAsync(topology.NodeA, "nosuchlink0", CancellationToken.None));

        Assert.Contains("nosuchlink0", error.Message);
        Assert.NotNull(error.Result);
        Assert.Contains(error.Result.Stderr.Trim(), error.Message);
    }

    /// <summary>The parts both readers report to the same precision (wg's handshake time is whole seconds).</summary>
    private static string Summary(DeviceState state) =>
        string.Join(
            "; ",
            state.Peers.OrderBy(peer => peer.PublicKey.ToBase64()).Select(peer =>
                $"{peer.PublicKey} {peer.Endpoint} {string.Join(',', peer.AllowedIps.OrderBy(n => n.ToString()))} {peer.PersistentKeepaliveSeconds}"));
}
