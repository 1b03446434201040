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
/// The real <see cref="IPodNetworks"/>: pods found by the <see cref="IPodResolver"/> the silo chose
/// (<see cref="PodResolvers.Create"/>), interfaces made and kept by <see cref="PodInterfaces"/>. This class only turns
/// the port's strings into WireGuard types.
/// </summary>
public sealed class WireGuardPodNetworks(IWireGuardDevices devices, IpCommand ip, IPodResolver resolver, ILogger<WireGuardPodNetworks> logger)
    : IPodNetworks
{
    private readonly PodInterfaces _interfaces = new(devices, ip, logger);

    public async Task<PodNetwork?> FindPodAsync(string podName, CancellationToken cancellationToken) =>
        await resolver.ResolveAsync(podName, cancellationToken) is { } netns ? new PodNetwork(podName, netns) : null;

    public async Task EnsureAsync(PodInterfaceConfig config, CancellationToken cancellationToken)
    {
        var peers = new List<PeerConfig>(config.Peers.Count);
        foreach (var peer in config.Peers)
        {
            peers.Add(new PeerConfig(WireGuardKey.Parse(peer.PublicKey))
            {
                Endpoint = peer.Endpoint is null ? null : await ResolveAsync(peer.Endpoint, cancellationToken),
                AllowedIps = [.. peer.AllowedIps.Select(IPNetwork.Parse)],
                PersistentKeepaliveSeconds = peer.PersistentKeepaliveSeconds ?? 0,
            });
        }
        await _interfaces.EnsureAsync(new PodInterfaceSpec(
            config.InterfaceName,
            config.Pod.Netns,
            WireGuardPrivateKey.Parse(config.PrivateKey),
            config.ListenPort,
            InterfaceAddress.Parse(config.Address),
            config.Forward,
            peers), cancellationToken);
    }

    public Task RemoveAsync(string interfaceName, PodNetwork pod, CancellationToken cancellationToken) =>
        _interfaces.RemoveAsync(interfaceName, pod.Netns, cancellationToken);

    /// <summary><c>host:port</c> (host a literal, <c>[v6]</c> or a DNS name) to an endpoint; IPv4 preferred.</summary>
    private static async Task<IPEndPoint> ResolveAsync(string endpoint, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            throw new FormatException($"'{endpoint}' is not host:port");
        }
        var host = endpoint[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var literal))
        {
            return new IPEndPoint(literal, port);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"{host} has no address");
        return new IPEndPoint(address, port);
    }
}
