using Dtaas.WireGuard.Devices;

namespace Dtaas.WireGuard.Pods;

/// <summary>
/// The configuration transaction that takes a device from what it reports to what a <see cref="PodInterfaceSpec"/>
/// asks for, holding only what differs: re-setting an unchanged key, or a whole peer list, costs live sessions.
/// </summary>
public static class PodConfigDifference
{
    /// <summary>The change to send, or null when the device already matches.</summary>
    public static DeviceConfig? Between(DeviceState state, PodInterfaceSpec spec)
    {
        var wanted = spec.Peers.Select(p => p.PublicKey).ToHashSet();
        List<PeerConfig> peers =
        [
            .. spec.Peers.Where(peer => Differs(peer, state.Peer(peer.PublicKey))),
            .. state.Peers.Where(peer => !wanted.Contains(peer.PublicKey)).Select(peer => PeerConfig.Removal(peer.PublicKey)),
        ];
        var config = new DeviceConfig
        {
            PrivateKey = state.PublicKey == spec.PrivateKey.PublicKey ? null : spec.PrivateKey,
            ListenPort = spec.ListenPort is { } port && port != state.ListenPort ? port : null,
            Peers = peers,
        };
        return config.PrivateKey is null && config.ListenPort is null && peers.Count == 0 ? null : config;
    }

    private static bool Differs(PeerConfig wanted, PeerState? have) =>
        wanted.Remove
            ? have is not null
            : have is null
        // A null endpoint means "whatever the peer calls in from", so the learned one is never a difference.
        || (wanted.Endpoint is { } endpoint && !endpoint.Equals(have.Endpoint))
        || (wanted.PersistentKeepaliveSeconds is { } keepalive && keepalive != have.PersistentKeepaliveSeconds)
        || (wanted.ReplaceAllowedIps
            ? !wanted.AllowedIps.ToHashSet().SetEquals(have.AllowedIps)
            : !wanted.AllowedIps.All(have.AllowedIps.Contains));
}
