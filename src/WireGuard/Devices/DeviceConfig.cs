using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Devices;

/// <summary>
/// One configuration transaction for a device. Null fields are left as they are; with <see cref="ReplacePeers"/> the
/// listed peers become the device's only peers, otherwise each listed peer is added, updated or removed on its own.
/// </summary>
public sealed record DeviceConfig
{
    public WireGuardPrivateKey? PrivateKey { get; init; }

    public int? ListenPort { get; init; }

    public bool ReplacePeers { get; init; }

    public IReadOnlyList<PeerConfig> Peers { get; init; } = [];
}
