namespace Dtaas.WireGuard.Devices;

/// <summary>How interfaces are made (<c>--wireguard-backend</c>): the kernel module, wireguard-go, or kernel falling back to wireguard-go.</summary>
public enum WireGuardBackend
{
    Auto,
    Kernel,
    Userspace,
}
