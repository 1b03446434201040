using System.Collections.Concurrent;
using System.Net;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Dtaas.Silo.Federation;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Harness;

/// <summary>
/// The overlay without WireGuard: records what the node asked for, and does the rest of what the silo's overlay does
/// for real: the <see cref="FederationListener"/> on this node's address (its loopback alias), members known by
/// their aliases, the node directory pointing at them, and the route that makes this node's calls leave from its
/// own alias. <see cref="CutAsync"/> takes the node off the overlay (its listeners close) until <see cref="RestoreAsync"/>.
/// </summary>
public sealed class LoopbackOverlay(int port, OverlayRoutes routes, MutableNodeDirectory directory, Func<Guid, IFederationGrain> grains,
    ILoggerFactory loggerFactory) : IOverlayNetwork, IWireGuardSupport, IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<Guid, Domain> _domains = [];
    private readonly ConcurrentQueue<OverlayConfig> _ensured = new();
    private readonly ConcurrentQueue<Guid> _removed = new();
    private bool _cut;

    /// <summary>Loopback aliases always work: this overlay never lacks a backend.</summary>
    public Task<string?> ProblemAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Every configuration the node asked for, in order.</summary>
    public IReadOnlyCollection<OverlayConfig> Ensured => _ensured;

    /// <summary>Every domain whose overlay the node removed, in order.</summary>
    public IReadOnlyCollection<Guid> Removed => _removed;

    /// <summary>The configuration in place for <paramref name="domainUid"/>, null when there is none.</summary>
    public OverlayConfig? Current(Guid domainUid)
    {
        lock (_domains)
        {
            return _domains.GetValueOrDefault(domainUid)?.Config;
        }
    }

    /// <summary>Where this node's federation listener of <paramref name="domainUid"/> is, null when the node has no overlay there.</summary>
    public Uri? FederationAddress(Guid domainUid) => Get(domainUid) is { } domain ? new Uri($"http://{domain.Address}:{port}/") : null;

    public async Task EnsureAsync(OverlayConfig config, CancellationToken cancellationToken)
    {
        _ensured.Enqueue(config);
        var self = LoopbackAlias.Of(config.Self.OverlayAddress);
        var members = config.Peers.ToDictionary(m => LoopbackAlias.Of(m.OverlayAddress), m => m.NodeId);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var current = Get(config.DomainUid);
            var listener = current?.Listener;
            if (current is not null && !current.Address.Equals(self))
            {
                await (listener?.DisposeAsync() ?? ValueTask.CompletedTask);
                listener = null;
            }
            if (listener is null && !_cut)
            {
                listener = await FederationListener.StartAsync(new IPEndPoint(self, port), config.DomainUid, members, grains, loggerFactory, cancellationToken);
            }
            listener?.SetMembers(members);
            routes.Set(self);
            foreach (var member in config.Peers)
            {
                directory.Set(member.NodeId, config.DomainUid, new Uri($"http://{LoopbackAlias.Of(member.OverlayAddress)}:{port}/"));
            }
            Put(config.DomainUid, new Domain(config, self, members, listener));
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
            _removed.Enqueue(domainUid);
            if (Get(domainUid) is not { } current)
            {
                return;
            }
            lock (_domains)
            {
                _domains.Remove(domainUid);
            }
            routes.Remove(current.Address);
            await (current.Listener?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>No WireGuard, no handshakes: the dtPeer's probe decides alone.</summary>
    public Task<DateTimeOffset?> LastHandshakeAsync(Guid domainUid, string publicKey, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(null);

    /// <summary>The node drops off every overlay: nothing reaches it until <see cref="RestoreAsync"/>.</summary>
    public async Task CutAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _cut = true;
            foreach (var domain in Snapshot())
            {
                await (domain.Listener?.DisposeAsync() ?? ValueTask.CompletedTask);
                Put(domain.Config.DomainUid, domain with { Listener = null });
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            _cut = false;
            foreach (var domain in Snapshot())
            {
                var listener = await FederationListener.StartAsync(new IPEndPoint(domain.Address, port), domain.Config.DomainUid, domain.Members, grains,
                    loggerFactory, cancellationToken);
                Put(domain.Config.DomainUid, domain with { Listener = listener });
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Cuts the node off for good: no listener starts again.</summary>
    public async ValueTask DisposeAsync() => await CutAsync(CancellationToken.None);

    private Domain? Get(Guid domainUid)
    {
        lock (_domains)
        {
            return _domains.GetValueOrDefault(domainUid);
        }
    }

    private void Put(Guid domainUid, Domain domain)
    {
        lock (_domains)
        {
            _domains[domainUid] = domain;
        }
    }

    private List<Domain> Snapshot()
    {
        lock (_domains)
        {
            return [.. _domains.Values];
        }
    }

    private sealed record Domain(OverlayConfig Config, IPAddress Address, IReadOnlyDictionary<IPAddress, string> Members, FederationListener? Listener);
}
