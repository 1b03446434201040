using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Devices;

/// <summary>A device as it reports itself: its public key (zero while no private key is set), port and peers.</summary>
public sealed record DeviceState(WireGuardKey PublicKey, int ListenPort, IReadOnlyList<PeerState> Peers)
{
    public PeerState? Peer(WireGuardKey publicKey) => Peers.FirstOrDefault(peer => peer.PublicKey == publicKey);
}
