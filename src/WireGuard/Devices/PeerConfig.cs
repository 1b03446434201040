using System.Net;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Devices;

/// <summary>
/// One peer in a configuration transaction. Null fields are left as they are on the device; <see cref="Remove"/> drops
/// the peer; <see cref="ReplaceAllowedIps"/> makes <see cref="AllowedIps"/> the peer's whole list rather than an addition.
/// </summary>
public sealed record PeerConfig(WireGuardKey PublicKey)
{
    public IPEndPoint? Endpoint { get; init; }

    public IReadOnlyList<IPNetwork> AllowedIps { get; init; } = [];

    public bool ReplaceAllowedIps { get; init; } = true;

    /// <summary>Seconds between keepalives; zero turns them off, null leaves the setting alone.</summary>
    public int? PersistentKeepaliveSeconds { get; init; }

    public bool Remove { get; init; }

    public static PeerConfig Removal(WireGuardKey publicKey) => new(publicKey) { Remove = true };
}
