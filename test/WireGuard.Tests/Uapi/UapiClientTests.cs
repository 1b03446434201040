using System.Net;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Uapi;

namespace Dtaas.WireGuard.Tests.Uapi;

public sealed class UapiClientTests
{
    private static readonly KeyPair Device = KeyPair.Generate();
    private static readonly KeyPair PeerA = KeyPair.Generate();
    private static readonly KeyPair PeerB = KeyPair.Generate();

    [Fact]
    public async Task Get_parses_the_device_and_its_peers()
    {
        await using var server = new FakeUapiServer(
            $"private_key={Device.PrivateKey.ToHex()}\nlisten_port=51820\nfwmark=0\n" +
            $"public_key={PeerA.PublicKey.ToHex()}\npreshared_key={new string('0', 64)}\nprotocol_version=1\n" +
            "endpoint=10.0.0.2:51821\nlast_handshake_time_sec=1700000000\nlast_handshake_time_nsec=500000000\n" +
            "tx_bytes=1234\nrx_bytes=5678\npersistent_keepalive_interval=25\nallowed_ip=100.64.0.2/32\nallowed_ip=fd00::/64\n" +
            $"public_key={PeerB.PublicKey.ToHex()}\nprotocol_version=1\nlast_handshake_time_sec=0\nlast_handshake_time_nsec=0\n" +
            "tx_bytes=0\nrx_bytes=0\npersistent_keepalive_interval=0\nerrno=0\n\n");

        var state = await UapiClient.ForInterface(FakeUapiServer.InterfaceName, server.Directory).GetAsync(CancellationToken.None);

        Assert.Equal("get=1\n\n", Assert.Single(server.Requests));
        Assert.Equal(Device.PublicKey, state.PublicKey);
        Assert.Equal(51820, state.ListenPort);
        Assert.Equal(2, state.Peers.Count);
        var a = state.Peer(PeerA.PublicKey)!;
        Assert.Equal(IPEndPoint.Parse("10.0.0.2:51821"), a.Endpoint);
        Assert.Equal([IPNetwork.Parse("100.64.0.2/32"), IPNetwork.Parse("fd00::/64")], a.AllowedIps);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), a.LastHandshake);
        Assert.Equal((5678, 1234, 25), (a.RxBytes, a.TxBytes, a.PersistentKeepaliveSeconds));
        var b = state.Peer(PeerB.PublicKey)!;
        Assert.Null(b.LastHandshake);
        Assert.Null(b.Endpoint);
        Assert.Empty(b.AllowedIps);
    }

    [Fact]
    public async Task A_cut_off_answer_is_an_error_that_does_not_show_the_private_key()
    {
        // The device's answer ends before errno (a socket closed half-way): the message shows the lines, never the key.
        await using var server = new FakeUapiServer($"private_key={Device.PrivateKey.ToHex()}\nlisten_port=51820\n");

        var error = await Assert.ThrowsAsync<UapiException>(() => UapiClient.ForInterface(FakeUapiServer.InterfaceName, server.Directory).GetAsync(CancellationToken.None));

        Assert.DoesNotContain(Device.PrivateKey.ToHex(), error.Message);
        Assert.Contains("private_key=(redacted)", error.Message);
        Assert.Contains("listen_port=51820", error.Message);
    }

    [Fact]
    public async Task Get_of_a_device_without_a_key_reads_as_the_zero_key()
    {
        await using var server = new FakeUapiServer($"private_key={new string('0', 64)}\nlisten_port=0\nerrno=0\n\n");

        var state = await UapiClient.ForInterface(FakeUapiServer.InterfaceName, server.Directory).GetAsync(CancellationToken.None);

        Assert.True(state.PublicKey.IsZero);
        Assert.Empty(state.Peers);
    }

    [Fact]
    public async Task Set_writes_one_transaction_in_protocol_order()
    {
        await using var server = new FakeUapiServer("errno=0\n\n");
        var config = new DeviceConfig
        {
            PrivateKey = Device.PrivateKey,
            ListenPort = 51820,
            ReplacePeers = true,
            Peers =
            [
                new PeerConfig(PeerA.PublicKey)
                {
                    Endpoint = IPEndPoint.Parse("[fd00::2]:51821"),
                    AllowedIps = [IPNetwork.Parse("100.64.0.2/32")],
                    PersistentKeepaliveSeconds = 5,
                },
                PeerConfig.Removal(PeerB.PublicKey),
            ],
        };

        await UapiClient.ForInterface(FakeUapiServer.InterfaceName, server.Directory).SetAsync(config, CancellationToken.None);

        Assert.Equal(
            $"set=1\nprivate_key={Device.PrivateKey.ToHex()}\nlisten_port=51820\nreplace_peers=true\n" +
            $"public_key={PeerA.PublicKey.ToHex()}\nendpoint=[fd00::2]:51821\npersistent_keepalive_interval=5\n" +
            "replace_allowed_ips=true\nallowed_ip=100.64.0.2/32\n" +
            $"public_key={PeerB.PublicKey.ToHex()}\nremove=true\n\n",
            Assert.Single(server.Requests));
    }

    [Fact]
    public async Task A_non_zero_errno_names_the_interface_and_the_errno()
    {
        await using var server = new FakeUapiServer("errno=-22\n\n");

        var error = await Assert.ThrowsAsync<UapiException>(() =>
            UapiClient.ForInterface(FakeUapiServer.InterfaceName, server.Directory).SetAsync(new DeviceConfig { ListenPort = 1 }, CancellationToken.None));

        Assert.Equal(-22, error.Errno);
        Assert.Contains(FakeUapiServer.InterfaceName, error.Message);
        Assert.Contains("errno=-22", error.Message);
    }

    [Fact]
    public async Task An_answer_without_errno_is_an_error_not_an_empty_device()
    {
        await using var server = new FakeUapiServer("listen_port=1\n\n");

        var error = await Assert.ThrowsAsync<UapiException>(() =>
            UapiClient.ForInterface(FakeUapiServer.InterfaceName, server.Directory).GetAsync(CancellationToken.None));

        Assert.Null(error.Errno);
    }

    [Fact]
    public async Task A_missing_socket_is_not_alive_and_a_get_names_the_socket()
    {
        var client = UapiClient.ForInterface("absent0", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));

        Assert.False(await client.IsAliveAsync(CancellationToken.None));
        var error = await Assert.ThrowsAsync<UapiException>(() => client.GetAsync(CancellationToken.None));
        Assert.Contains(client.SocketPath, error.Message);
    }
}
