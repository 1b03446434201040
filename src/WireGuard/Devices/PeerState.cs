using System.Net;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Devices;

/// <summary>A peer as the device reports it. <see cref="LastHandshake"/> is null until a handshake has completed.</summary>
public sealed record PeerState(
    WireGuardKey PublicKey,
    IPEndPoint? Endpoint,
    IReadOnlyList<IPNetwork> AllowedIps,
    DateTimeOffset? LastHandshake,
    long RxBytes,
    long TxBytes,
    int PersistentKeepaliveSeconds);
