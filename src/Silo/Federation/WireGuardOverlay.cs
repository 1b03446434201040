using System.Net;
using Dtaas.Gateway;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Netns;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The real <see cref="IOverlayNetwork"/>: per domain one WireGuard interface (name derived from the domain and node,
/// so a restart adopts it), the node's key, its overlay address on the domain's /16, one peer per member (its
/// endpoint, its overlay address as the only allowed IP), and the <see cref="OverlayListeners"/> on the overlay
/// address. Members become reachable by federation calls through the node directory. On a node of several
/// replicas it is withdrawn when this replica stops leading (<see cref="Hosting.HostWorkFence"/>).
/// </summary>
public sealed class WireGuardOverlay(
    IWireGuardDevices devices,
    WireGuardPrivateKey privateKey,
    string nodeId,
    MutableNodeDirectory directory,
    Func<Guid, IFederationGrain> federationGrains,
    IAppDirectory apps,
    GatewayClients gatewayClients,
    GatewayMetrics gatewayMetrics,
    ILoggerFactory loggerFactory) : IOverlayNetwork, Hosting.IWithdrawable, IAsyncDisposable
{
    /// <summary>Keepalives keep NAT mappings open and handshakes fresh even between probes.</summary>
    private const int KeepaliveSeconds = 25;

    private readonly ILogger _logger = loggerFactory.CreateLogger<WireGuardOverlay>();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, DomainOverlay> _domains = new();
    private bool _withdrawn;

    private async Task<WireGuardDevice> CreateOrAdoptAsync(Guid domainUid, CancellationToken cancellationToken)
    {
        try
        {
            return await devices.CreateOrAdoptAsync(InterfaceName(domainUid), null, cancellationToken);
        }
        catch (WireGuardBackendUnavailableException e)
        {
            throw new OverlayUnavailableException($"cannot create WireGuard interfaces ({e.Message}); install wireguard-go or load the wireguard kernel module");
        }
    }

    public async Task EnsureAsync(OverlayConfig config, CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(config.Self.OverlayAddress);
        var prefix = int.Parse(config.Network[(config.Network.IndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var peers = new List<PeerConfig>();
        foreach (var member in config.Peers)
        {
            peers.Add(new PeerConfig(WireGuardKey.Parse(member.PublicKey))
            {
                Endpoint = await Hosting.HostPort.ResolveAsync(member.Endpoint, cancellationToken),
                AllowedIps = [new IPNetwork(IPAddress.Parse(member.OverlayAddress), 32)],
                PersistentKeepaliveSeconds = KeepaliveSeconds,
            });
        }
        var members = config.Peers.ToDictionary(m => IPAddress.Parse(m.OverlayAddress), m => m.NodeId);

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_withdrawn)
            {
                // A call that was let in just before this replica stopped leading.
                throw new OverlayUnavailableException("this replica no longer holds the node's Lease; the replica that takes it builds the overlay");
            }
            _domains.TryGetValue(config.DomainUid, out var current);
            WireGuardDevice device;
            OverlayListeners listener;
            // Address, link and listeners before any peer: a member's first packets (a handshake, then the SYN it
            // queued meanwhile) arrive as soon as a peer is configured, and one that finds no address or no listener
            // is lost until TCP retransmits it a second later.
            if (current is not null && current.Address.Equals(address))
            {
                (device, listener) = (current.Device, current.Listener);
            }
            else
            {
                device = current?.Device ?? await CreateOrAdoptAsync(config.DomainUid, cancellationToken);
                // Independent of each other: at once, as each is a process to start.
                await Task.WhenAll(devices.AddAddressAsync(device, new InterfaceAddress(address, prefix), cancellationToken),
                    devices.SetUpAsync(device, cancellationToken));
                if (current is not null)
                {
                    await current.Listener.DisposeAsync();
                }
                listener = await OverlayListeners.StartAsync(address, config.DomainUid, members, federationGrains, apps, gatewayClients, gatewayMetrics, loggerFactory, cancellationToken);
                _logger.LogInformation("Overlay of domain {DomainUid}: interface {Interface} at {Address}/{Prefix}, federation calls on {Endpoint}, app ingress on ports {Http2}/{Http1}",
                    config.DomainUid, device.Name, address, prefix, listener.Federation, OverlayIngress.Http2Port, OverlayIngress.Http1Port);
            }
            listener.SetMembers(members);
            _domains[config.DomainUid] = new DomainOverlay(device, address, listener); // kept even if configuring fails: a retry adopts it
            // Only what differs: re-setting the key or port, or replacing the peers, would drop the sessions of
            // members that did not change, and every call in flight to them would wait for a new handshake.
            var state = await devices.GetStateAsync(device, cancellationToken);
            var port = OverlayEndpointPort(config.Self.Endpoint);
            var wanted = peers.Select(p => p.PublicKey).ToHashSet();
            await devices.ConfigureAsync(device, new DeviceConfig
            {
                PrivateKey = state.PublicKey == privateKey.PublicKey ? null : privateKey,
                ListenPort = state.ListenPort == port ? null : port,
                Peers = [.. peers, .. state.Peers.Where(p => !wanted.Contains(p.PublicKey)).Select(p => PeerConfig.Removal(p.PublicKey))],
            }, cancellationToken);
            directory.SetDomain(config.DomainUid, config.Peers.ToDictionary(m => m.NodeId, m => new Uri($"http://{m.OverlayAddress}:{FederationListener.Port}/")));
            _logger.LogInformation("Overlay of domain {DomainUid}: {Count} peers", config.DomainUid, peers.Count);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task RemoveAsync(Guid domainUid, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            directory.RemoveDomain(domainUid);
            if (_domains.TryRemove(domainUid, out var current))
            {
                await current.Listener.DisposeAsync();
                await devices.DeleteAsync(current.Device, cancellationToken);
                _logger.LogInformation("Overlay of domain {DomainUid}: interface {Interface} removed", domainUid, current.Device.Name);
            }
            else if (await devices.FindAsync(InterfaceName(domainUid), null, cancellationToken) is { } left)
            {
                // Left from before a restart (the node was removed, or the domain deleted, while it was down).
                await devices.DeleteAsync(left, cancellationToken);
                _logger.LogInformation("Overlay of domain {DomainUid}: interface {Interface} left from an earlier run removed", domainUid, left.Name);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task WithdrawAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _withdrawn = true;
            foreach (var (domainUid, current) in _domains)
            {
                directory.RemoveDomain(domainUid);
                await current.Listener.DisposeAsync();
                await devices.DeleteAsync(current.Device, cancellationToken);
                _domains.TryRemove(domainUid, out _);
                _logger.LogInformation("Overlay of domain {DomainUid}: interface {Interface} withdrawn, this replica no longer leads", domainUid, current.Device.Name);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Resume() => _withdrawn = false;

    public async Task<DateTimeOffset?> LastHandshakeAsync(Guid domainUid, string publicKey, CancellationToken cancellationToken)
    {
        if (!_domains.TryGetValue(domainUid, out var current))
        {
            return null;
        }
        var device = current.Device;
        try
        {
            var state = await devices.GetStateAsync(device, cancellationToken);
            return state.Peer(WireGuardKey.Parse(publicKey))?.LastHandshake;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // removed meanwhile: the probe decides alone
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Interfaces stay for the next start to adopt; only the listeners belong to this process.
        foreach (var domain in _domains.Values)
        {
            await domain.Listener.DisposeAsync();
        }
        _domains.Clear();
    }

    private string InterfaceName(Guid domainUid) => InterfaceNames.Derive(domainUid.ToString(), nodeId);

    private static int OverlayEndpointPort(string endpoint) => Grains.Domains.OverlayEndpoint.PortOf(endpoint);

    private sealed record DomainOverlay(WireGuardDevice Device, IPAddress Address, OverlayListeners Listener);
}
