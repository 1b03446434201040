using Dtaas.Grains.Domains;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Node;
using Dtaas.Grains.Peers;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Dtaas.Grains.Services;

/// <summary>
/// The registry of a domain's dtService networks on its creator (DESIGN.md 2.5): it decides with
/// <see cref="NetworkRegistry"/>, keeps the book in an annotation of the creator's dtDomain object (so a restarted
/// creator finds it again; only this grain writes that annotation) and delivers every change to each node with a pod
/// on the network, this one included. The members it admits are those of the dtDomain's member list.
/// </summary>
public sealed class NetworkRegistryGrain(
    NodeDescription node,
    FederationSettings settings,
    IFederationClient federation,
    ILocalObjects objects,
    IEventRecorder events,
    ILogger<NetworkRegistryGrain> logger,
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtDomain> domain) : Grain, INetworkRegistryGrain
{
    private static readonly TimeSpan FederationCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often a book is written again when the dtDomain grain wrote the object in between.</summary>
    private const int WriteAttempts = 3;

    private readonly PeerWarnings _warnings = new(objects, events);
    private LatestValuePusher<(string Node, string Network), ServiceNetwork>? _pusher;
    private IGrainTimer? _retry;

    private string Key => this.GetPrimaryKeyString();

    private LatestValuePusher<(string Node, string Network), ServiceNetwork> Pusher => _pusher ??= NewPusher(GrainFactory, Key);

    public async Task<NetworkAnswer> JoinNetwork(NetworkJoin join, string fromNodeId, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (await BookAsync(fromNodeId, cancellationToken) is not { } registry)
            {
                return NetworkAnswer.Refused(Refusal(fromNodeId));
            }
            var outcome = NetworkRegistry.Join(registry.Book, registry.DomainUid, join, fromNodeId, Guid.NewGuid);
            if (outcome.Network is not { } network)
            {
                logger.LogWarning("Network registry {Domain}: node {Node} refused a place on network {Network}: {Reason}", Key, fromNodeId, join.Name, outcome.Refusal);
                await _warnings.WarnAsync(ObjectKey.Parse(Key).Namespace, fromNodeId, "NetworkRefused", outcome.Refusal!, cancellationToken);
                return NetworkAnswer.Refused(outcome.Refusal!);
            }
            if (ReferenceEquals(outcome.Book, registry.Book))
            {
                return new NetworkAnswer(network, null);
            }
            if (!await TryWriteAsync(outcome.Book, attempt, cancellationToken))
            {
                continue;
            }
            var peer = network.Find(fromNodeId)!;
            logger.LogInformation("Network registry {Domain}: network {Network} ({Subnet}): node {Node} is its {Role} at {Address}; {Count} pods, version {Version}",
                Key, network.Name, network.Subnet, fromNodeId, peer.Role, peer.Address, network.Peers.Count, network.Version);
            if (network.Server is { } server && server.NodeId != fromNodeId)
            {
                await TellServerFirstAsync(network, server.NodeId, cancellationToken);
            }
            return new NetworkAnswer(network, null);
        }
    }

    public async Task LeaveNetwork(string name, string fromNodeId, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (await BookAsync(fromNodeId, cancellationToken) is not { } registry)
            {
                throw new InvalidOperationException(Refusal(fromNodeId));
            }
            var outcome = NetworkRegistry.Leave(registry.Book, name, fromNodeId);
            if (outcome.Network is not { } network)
            {
                return;
            }
            if (await TryWriteAsync(outcome.Book, attempt, cancellationToken))
            {
                logger.LogInformation("Network registry {Domain}: network {Network}: node {Node} left{Dissolved}", Key, name, fromNodeId,
                    network.Dissolved ? "; it was the server, so the network is dissolved" : "");
                return;
            }
        }
    }

    public async Task MemberGone(string nodeId, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            await domain.ReadStateAsync(cancellationToken);
            var book = DomainAnnotations.ReadNetworks(domain.State);
            var left = book;
            foreach (var network in NetworkRegistry.NetworksOf(book, nodeId).ToList())
            {
                left = NetworkRegistry.Leave(left, network, nodeId).Book; // its pods leave with it
            }
            if (ReferenceEquals(left, book) || await TryWriteAsync(left, attempt, cancellationToken))
            {
                return;
            }
        }
    }

    public async Task Publish(CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        Deliver(DomainAnnotations.ReadNetworks(domain.State));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _retry?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The domain's uid and book when this node keeps the domain and <paramref name="fromNodeId"/> is in it, else null.</summary>
    private async Task<(Guid DomainUid, IReadOnlyList<ServiceNetwork> Book)?> BookAsync(string fromNodeId, CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        var observed = domain.State;
        return domain.RecordExists && observed.Spec?.Peer is null && observed.Metadata.DeletionTimestamp is null &&
            DomainAnnotations.ReadMemberList(observed) is { } memberList && memberList.CreatorNodeId == node.Id && memberList.Find(fromNodeId) is not null
            ? (memberList.DomainUid, DomainAnnotations.ReadNetworks(observed))
            : null;
    }

    private string Refusal(string fromNodeId) =>
        $"node {fromNodeId} is not a member of the domain kept by dtDomain {Key} on node {node.Name} (or the domain is being deleted)";

    /// <summary>
    /// Writes the book into the dtDomain object and delivers it; false when the dtDomain grain wrote the object since
    /// it was read (the caller decides again on what it is now), an error after the last attempt.
    /// </summary>
    private async Task<bool> TryWriteAsync(IReadOnlyList<ServiceNetwork> book, int attempt, CancellationToken cancellationToken)
    {
        domain.State = DomainAnnotations.With(domain.State, (DomainAnnotations.Networks, book.Count == 0 ? null : DomainAnnotations.WriteNetworks(book)));
        try
        {
            await domain.WriteStateAsync(cancellationToken);
        }
        catch (InconsistentStateException) when (attempt < WriteAttempts)
        {
            return false;
        }
        Deliver(book);
        return true;
    }

    private void Deliver(IReadOnlyList<ServiceNetwork> book)
    {
        if (book.Count == 0 && _pusher is null)
        {
            return;
        }
        Pusher.Want(book.SelectMany(n => n.Peers.Select(p => (Key: (p.NodeId, n.Name), Network: n))).ToDictionary(t => t.Key, t => t.Network));
        _retry ??= this.RegisterGrainTimer(_ =>
        {
            if (Pusher.HasPending)
            {
                // A node that was down gets the newest state when it is back: the activation stays until then.
                DelayDeactivation(settings.PushRetryInterval * 2);
                Pusher.PushPending();
            }
            return Task.CompletedTask;
        }, settings.PushRetryInterval, settings.PushRetryInterval);
    }

    /// <summary>
    /// A new client's first handshake reaches the server only if the server already has its key (else WireGuard tries
    /// again 5 s later): the server hears before the client gets its answer. Best effort; the pusher delivers anyway.
    /// </summary>
    private async Task TellServerFirstAsync(ServiceNetwork network, string serverNodeId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FederationCallTimeout);
        try
        {
            await Send(GrainFactory, Key, serverNodeId, network, timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Network registry {Domain}: network {Network}: the server's node {Node} did not take version {Version} yet: {Reason}",
                Key, network.Name, serverNodeId, network.Version, e.Message);
        }
    }

    // The pusher runs off this grain's turns, where Orleans refuses the grain's own services: it gets what it needs now.
    private LatestValuePusher<(string Node, string Network), ServiceNetwork> NewPusher(IGrainFactory grains, string key) => new(
        (target, network, ct) => Send(grains, key, target.Node, network, ct),
        (a, b) => b is not null && a.Id == b.Id && a.Version == b.Version,
        (target, network) => $"Network registry {key}: node {target.Node}'s state of network {network.Name} (version {network.Version})",
        FederationCallTimeout, logger);

    /// <summary>A network's state to one node: this node's own dtService grain, or another member over the overlay.</summary>
    private Task Send(IGrainFactory grains, string key, string nodeId, ServiceNetwork network, CancellationToken cancellationToken) =>
        nodeId == node.Id
            ? grains.GetGrain<IDtServiceGrain>(ObjectKey.Parse(key).Sibling(network.Name).ToString()).ApplyNetwork(network, cancellationToken)
            : federation.ApplyNetworkAsync(nodeId, network.DomainUid, network, cancellationToken);
}
