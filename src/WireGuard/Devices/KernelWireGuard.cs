using Dtaas.WireGuard.Netns;
using Microsoft.Extensions.Logging;

namespace Dtaas.WireGuard.Devices;

/// <summary>
/// Interfaces of the kernel module: <c>ip link add NAME type wireguard</c>, configured with <c>wg</c>. They live in the
/// kernel, so a restarted silo adopts them as they are.
/// </summary>
internal sealed class KernelWireGuard(IpCommand ip, ILogger logger) : IWireGuardBackend
{
    private readonly IpLinks _links = new(ip);
    private readonly WgCli _wg = new(ip);

    public WireGuardBackend Kind => WireGuardBackend.Kernel;

    /// <summary>Loaded, or shipped with the running kernel (then <c>ip link add</c> loads it).</summary>
    public string? Problem()
    {
        if (Directory.Exists("/sys/module/wireguard"))
        {
            return null;
        }
        var release = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
        return Directory.Exists($"/lib/modules/{release}/kernel/drivers/net/wireguard") ? null : "no kernel module";
    }

    public async Task<WireGuardDevice?> TryAdoptAsync(string name, string? netns, CancellationToken cancellationToken)
    {
        // "-d" prints the link kind; wireguard-go's TUN device shows "tun" instead, so it is never taken for a kernel one.
        var shown = await ip.RunAsync(netns, ["-d", "link", "show", "dev", name], cancellationToken);
        return shown.Succeeded && shown.Stdout.Contains(" wireguard ", StringComparison.Ordinal)
            ? new WireGuardDevice(name, netns, Kind, Adopted: true)
            : null;
    }

    public async Task<WireGuardDevice> CreateAsync(string name, string? netns, CancellationToken cancellationToken)
    {
        var result = await ip.RunAsync(netns, ["link", "add", "dev", name, "type", "wireguard"], cancellationToken);
        if (!result.Succeeded)
        {
            // Without the module ip says "Unknown device type" or "Operation not supported"; either way this host can't.
            throw new WireGuardBackendUnavailableException(Kind, $"ip link add {name} type wireguard: {result.Stderr.Trim()}");
        }
        logger.LogInformation("Created WireGuard interface {Interface} in the kernel in network namespace {Netns}", name, netns ?? "(own)");
        return new WireGuardDevice(name, netns, Kind, Adopted: false);
    }

    public Task ConfigureAsync(WireGuardDevice device, DeviceConfig config, CancellationToken cancellationToken) =>
        _wg.ConfigureAsync(device, config, cancellationToken);

    public Task<DeviceState> GetStateAsync(WireGuardDevice device, CancellationToken cancellationToken) =>
        _wg.GetStateAsync(device, cancellationToken);

    public Task DeleteAsync(WireGuardDevice device, CancellationToken cancellationToken) =>
        _links.DeleteAsync(device.Netns, device.Name, cancellationToken);
}
