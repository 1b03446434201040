using System.Globalization;
using System.Net;
using Dtaas.Grains.Ports;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Pods;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Ports;

/// <summary>
/// The real <see cref="IPodInterfaces"/>: pods found by the <see cref="IPodResolver"/> the silo chose
/// (<see cref="PodResolvers.Create"/>), interfaces made and kept by <see cref="PodInterfaces"/>. This class only turns
/// the port's strings into WireGuard types, and keeps which interfaces it made, so a replica that stops leading
/// removes them (<see cref="Hosting.HostWorkFence"/>).
/// </summary>
public sealed class WireGuardPodInterfaces(IWireGuardDevices devices, IpCommand ip, IPodResolver resolver, ILogger<WireGuardPodInterfaces> logger)
    : IPodInterfaces, Hosting.IWithdrawable
{
    private readonly PodInterfaces _interfaces = new(devices, ip, logger);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _made = new();
    private volatile bool _withdrawn;

    public async Task<PodNetns?> FindPodAsync(string podName, CancellationToken cancellationToken) =>
        await resolver.ResolveAsync(podName, cancellationToken) is { } netns ? new PodNetns(podName, netns) : null;

    public async Task EnsureAsync(PodInterfaceConfig config, CancellationToken cancellationToken)
    {
        var peers = new List<PeerConfig>(config.Peers.Count);
        foreach (var peer in config.Peers)
        {
            peers.Add(new PeerConfig(WireGuardKey.Parse(peer.PublicKey))
            {
                Endpoint = peer.Endpoint is null ? null : await Hosting.HostPort.ResolveAsync(peer.Endpoint, cancellationToken),
                AllowedIps = [.. peer.AllowedIps.Select(IPNetwork.Parse)],
                PersistentKeepaliveSeconds = peer.PersistentKeepaliveSeconds ?? 0,
            });
        }
        if (_withdrawn)
        {
            throw Withdrawn();
        }
        // Recorded before it is made: a withdrawal meanwhile removes it, or the check below does.
        _made[config.InterfaceName] = config.Pod.Netns;
        await _interfaces.EnsureAsync(new PodInterfaceSpec(
            config.InterfaceName,
            config.Pod.Netns,
            WireGuardPrivateKey.Parse(config.PrivateKey),
            config.ListenPort,
            InterfaceAddress.Parse(config.Address),
            config.Forward,
            peers), cancellationToken);
        if (_withdrawn)
        {
            await _interfaces.RemoveAsync(config.InterfaceName, config.Pod.Netns, cancellationToken);
            throw Withdrawn();
        }
    }

    public async Task RemoveAsync(string interfaceName, PodNetns pod, CancellationToken cancellationToken)
    {
        await _interfaces.RemoveAsync(interfaceName, pod.Netns, cancellationToken);
        _made.TryRemove(interfaceName, out _);
    }

    public async Task WithdrawAsync(CancellationToken cancellationToken)
    {
        _withdrawn = true;
        foreach (var (name, netns) in _made)
        {
            await _interfaces.RemoveAsync(name, netns, cancellationToken);
            _made.TryRemove(name, out _);
            logger.LogInformation("Pod interface {Interface} in {Netns} withdrawn, this replica no longer leads", name, netns);
        }
    }

    private static InvalidOperationException Withdrawn() =>
        new("this replica no longer holds the node's Lease; the replica that takes it makes the pod's interface");

    public void Resume() => _withdrawn = false;

    public async Task<DateTimeOffset?> LastHandshakeAsync(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken)
    {
        if (await devices.FindAsync(interfaceName, pod.Netns, cancellationToken) is not { } device)
        {
            return null;
        }
        var state = await devices.GetStateAsync(device, cancellationToken);
        return state.Peer(WireGuardKey.Parse(publicKey))?.LastHandshake;
    }
}
