namespace Dtaas.WireGuard.Devices;

/// <summary>This host cannot make interfaces with the backend (no kernel module; no wireguard-go).</summary>
public sealed class WireGuardBackendUnavailableException(WireGuardBackend backend, string reason)
    : Exception($"WireGuard backend {backend.ToString().ToLowerInvariant()} is not available here: {reason}")
{
    public WireGuardBackend Backend { get; } = backend;
}
