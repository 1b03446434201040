using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Netns;
using Microsoft.Extensions.Logging;

namespace Dtaas.WireGuard.Pods;

/// <summary>
/// Pods' WireGuard interfaces (DESIGN.md 2.5). An interface is made in the node's namespace, so wireguard-go and its
/// UDP socket stay on the node's network, configured there and then moved into the pod's namespace. Ensuring is
/// declarative and by difference: the key and port are set only when they differ and peers are added, updated or
/// removed one by one, never replaced wholesale, so the sessions of unchanged peers survive; when nothing differs no
/// configuration is sent at all. A restarted silo (a fresh instance) adopts the interface it finds in the pod.
/// </summary>
/// <param name="nodeNetns">The node's namespace; null (the silo's own) except in tests, which keep the host's untouched.</param>
public sealed class PodInterfaces(IWireGuardDevices devices, IpCommand ip, ILogger logger, string? nodeNetns = null)
{
    private readonly IpLinks _links = new(ip);

    /// <summary>Makes the interface exist in the pod and match <paramref name="spec"/>; returns its handle there.</summary>
    public async Task<WireGuardDevice> EnsureAsync(PodInterfaceSpec spec, CancellationToken cancellationToken)
    {
        InterfaceNames.Validate(spec.Name);
        WireGuardDevice device;
        if (await _links.ExistsAsync(spec.PodNetns, spec.Name, cancellationToken))
        {
            device = await devices.FindAsync(spec.Name, spec.PodNetns, cancellationToken)
                ?? throw new InvalidOperationException($"network namespace {spec.PodNetns} already has a link {spec.Name} that is not a WireGuard interface");
            await ConfigureAsync(device, spec, cancellationToken);
        }
        else
        {
            // Adopts one left in the node by an earlier attempt that stopped before the move.
            var made = await devices.CreateOrAdoptAsync(spec.Name, nodeNetns, cancellationToken);
            await ConfigureAsync(made, spec, cancellationToken);
            device = await devices.MoveAsync(made, spec.PodNetns, cancellationToken);
            logger.LogInformation("Pod interface {Interface} placed in network namespace {Netns}", spec.Name, spec.PodNetns);
        }
        // Both are idempotent; after a move the kernel has dropped the address and set the link down.
        await devices.AddAddressAsync(device, spec.Address, cancellationToken);
        await devices.SetUpAsync(device, cancellationToken);
        if (spec.Forward)
        {
            await EnableForwardingAsync(spec.PodNetns, cancellationToken);
        }
        return device;
    }

    /// <summary>
    /// Deletes the interface wherever it is: in the pod, or still in the node when the move never happened. Gone is fine.
    /// </summary>
    public async Task RemoveAsync(string name, string podNetns, CancellationToken cancellationToken)
    {
        InterfaceNames.Validate(name);
        WireGuardDevice? device;
        if (await _links.ExistsAsync(podNetns, name, cancellationToken))
        {
            device = await devices.FindAsync(name, podNetns, cancellationToken);
            if (device is null)
            {
                logger.LogWarning("Not removing {Interface} from network namespace {Netns}: it is not a WireGuard interface", name, podNetns);
                return;
            }
        }
        else
        {
            try
            {
                device = await devices.FindAsync(name, nodeNetns, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                // wireguard-go still runs it, in a namespace that is neither (a pod namespace that lost its name):
                // removing its UAPI socket ends it there too.
                logger.LogInformation("Pod interface {Interface}: {Reason}; ending its wireguard-go", name, e.Message);
                device = new WireGuardDevice(name, nodeNetns, WireGuardBackend.Userspace, Adopted: true);
            }
        }
        if (device is not null)
        {
            await devices.DeleteAsync(device, cancellationToken);
            logger.LogInformation("Pod interface {Interface} removed from network namespace {Netns}", name, device.Netns ?? "(node)");
        }
    }

    private async Task EnableForwardingAsync(string podNetns, CancellationToken cancellationToken)
    {
        // Per namespace: the pod's own switch, set from inside it.
        string[] arguments = ["-qw", "net.ipv4.ip_forward=1"];
        var result = await ip.ExecAsync(podNetns, "sysctl", arguments, cancellationToken);
        if (!result.Succeeded)
        {
            throw new CommandFailedException(
                $"ip netns exec {podNetns} sysctl {string.Join(' ', arguments)}", result, $"exited {result.ExitCode}: {result.Stderr.Trim()}");
        }
    }

    private async Task ConfigureAsync(WireGuardDevice device, PodInterfaceSpec spec, CancellationToken cancellationToken)
    {
        var state = await devices.GetStateAsync(device, cancellationToken);
        var change = PodConfigDifference.Between(state, spec);
        if (change is null)
        {
            return;
        }
        await devices.ConfigureAsync(device, change, cancellationToken);
        logger.LogInformation("Pod interface {Interface}: key {KeyChanged}, port {Port}, {Changed} peers set, {Removed} removed",
            spec.Name, change.PrivateKey is null ? "kept" : "set", change.ListenPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "kept",
            change.Peers.Count(p => !p.Remove), change.Peers.Count(p => p.Remove));
    }
}
