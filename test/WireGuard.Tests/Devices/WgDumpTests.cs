using System.Net;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Tests.Devices;

public sealed class WgDumpTests
{
    [Fact]
    public void A_dump_with_unset_fields_parses_to_nulls_and_zeros()
    {
        var device = KeyPair.Generate();
        var connected = KeyPair.Generate().PublicKey;
        var silent = KeyPair.Generate().PublicKey;
        var dump =
            $"{device.PrivateKey.ToBase64()}\t{device.PublicKey}\t51820\toff\n" +
            $"{connected}\t(none)\t10.0.0.2:51821\t100.64.0.2/32,100.96.0.0/24\t1700000000\t5678\t1234\t25\n" +
            $"{silent}\t(none)\t(none)\t(none)\t0\t0\t0\toff\n";

        var state = WgCli.ParseDump(dump);

        Assert.Equal(device.PublicKey, state.PublicKey);
        Assert.Equal(51820, state.ListenPort);
        var peer = state.Peer(connected)!;
        Assert.Equal(IPEndPoint.Parse("10.0.0.2:51821"), peer.Endpoint);
        Assert.Equal([IPNetwork.Parse("100.64.0.2/32"), IPNetwork.Parse("100.96.0.0/24")], peer.AllowedIps);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), peer.LastHandshake);
        Assert.Equal((5678, 1234, 25), (peer.RxBytes, peer.TxBytes, peer.PersistentKeepaliveSeconds));
        var none = state.Peer(silent)!;
        Assert.Equal((null, 0, null, 0), (none.Endpoint, none.AllowedIps.Count, none.LastHandshake, none.PersistentKeepaliveSeconds));
    }

    [Fact]
    public void A_truncated_dump_is_an_error() =>
        Assert.Throws<FormatException>(() => WgCli.ParseDump("key\tkey\n"));

    [Fact]
    public void A_malformed_dump_is_an_error_that_does_not_show_the_private_key()
    {
        var device = KeyPair.Generate();
        var dump = $"{device.PrivateKey.ToBase64()}\t{device.PublicKey}\t51820\toff\n{KeyPair.Generate().PublicKey}\t(none)\n";

        var error = Assert.Throws<FormatException>(() => WgCli.ParseDump(dump));

        Assert.DoesNotContain(device.PrivateKey.ToBase64(), error.Message);
        Assert.Contains("2 lines", error.Message);
    }

    [Fact]
    public void Set_arguments_keep_the_private_key_off_the_command_line()
    {
        var keys = KeyPair.Generate();
        var peer = KeyPair.Generate().PublicKey;

        var arguments = WgCli.SetArguments("dt0123456789", new DeviceConfig
        {
            PrivateKey = keys.PrivateKey,
            ListenPort = 51820,
            Peers = [new PeerConfig(peer) { PersistentKeepaliveSeconds = 0, AllowedIps = [IPNetwork.Parse("100.64.0.2/32")] }, PeerConfig.Removal(keys.PublicKey)],
        });

        Assert.Equal(
            ["set", "dt0123456789", "private-key", "/dev/stdin", "listen-port", "51820",
             "peer", peer.ToBase64(), "persistent-keepalive", "off", "allowed-ips", "100.64.0.2/32",
             "peer", keys.PublicKey.ToBase64(), "remove"],
            arguments);
        Assert.DoesNotContain(keys.PrivateKey.ToBase64(), arguments);
    }
}
