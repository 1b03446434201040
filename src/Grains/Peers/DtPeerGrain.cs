using System.Globalization;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Storage;

namespace Dtaas.Grains.Peers;

/// <summary>
/// A dtPeer: one remote member as this node sees it. While tracked it probes the member's node grain over the overlay
/// (<see cref="FederationSettings.ProbeInterval"/>) and writes <c>connected</c> and <c>latency</c>; a member that misses
/// two probes, or whose WireGuard handshake is older than WireGuard itself allows, is disconnected. A finalizer turns a
/// user's deletion into a request: on the creator it removes the member from the domain, elsewhere it is undone and
/// the object says why. Reentrant: a probe waiting on a dead peer never holds up the domain's calls.
/// </summary>
[Reentrant]
public sealed class DtPeerGrain(
    FederationSettings settings,
    IOverlayNetwork overlay,
    IEventRecorder events,
    IFederationClient federation,
    ILogger<DtPeerGrain> logger,
    ILocalObjects objects,
    [FromKeyedServices(GrainClock.Key)] TimeProvider clock,
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtPeer> peer) : Grain, IDtPeerGrain
{
    public const string Finalizer = "sid.sightlineinnovation.com/membership";

    /// <summary>WireGuard re-handshakes every 2 minutes while packets flow; older than this means none flow.</summary>
    private static readonly TimeSpan HandshakeLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan LatencyRewrite = TimeSpan.FromSeconds(30);
    private const int MissedProbesForDisconnected = 2;
    /// <summary>How many probes in a row a member that does not answer is asked quickly; then at the usual pace, so
    /// that many members down at once (or a node too busy to answer) are not asked four times as often for as long.</summary>
    private const int EagerProbes = 4;

    private PeerAssignment? _assignment;
    private IGrainTimer? _probe;
    private TimeSpan _period;
    private int _missed;
    private bool _connected;
    private string? _latency;
    private long _latencyWrittenAt;

    private string Key => this.GetPrimaryKeyString();

    public async Task Track(PeerAssignment assignment, CancellationToken cancellationToken)
    {
        bool first = _assignment is null;
        _assignment = assignment;
        await peer.ReadStateAsync(cancellationToken);
        if (first && peer.RecordExists)
        {
            _connected = peer.State.Connected == true;
            _latency = peer.State.Latency;
        }
        await WriteDesiredAsync(message: peer.RecordExists ? peer.State.Message : null, cancellationToken);
        if (_probe is null)
        {
            _period = _connected ? settings.ProbeInterval : Eager;
            _probe = this.RegisterGrainTimer(ProbeAsync, TimeSpan.Zero, _period);
        }
    }

    public async Task Forget(CancellationToken cancellationToken)
    {
        _assignment = null;
        _probe?.Dispose();
        _probe = null;
        (_connected, _missed, _latency) = (false, 0, null); // a member that joins again is probed afresh
        await peer.ReadStateAsync(cancellationToken);
        if (peer.RecordExists)
        {
            if (peer.State.Metadata.HasFinalizer(Finalizer))
            {
                peer.State = WithFinalizer(peer.State, present: false);
                await peer.WriteStateAsync(cancellationToken);
            }
            if (peer.State.Metadata.DeletionTimestamp is null)
            {
                await peer.ClearStateAsync(cancellationToken);
            }
            logger.LogInformation("dtPeer {Peer}: the member left the domain; object deleted", Key);
        }
        // No DeactivateOnIdle: the node may join again at once, and a Track arriving at an activation on its way out
        // would be lost; idle collection takes this one in time.
    }

    public Task<DtPeer?> Get() => Task.FromResult(objects.Find<DtPeer>(this.GetPrimaryKeyString()));

    public async Task<TimeSpan?> Reconcile(CancellationToken cancellationToken)
    {
        await peer.ReadStateAsync(cancellationToken);
        if (!peer.RecordExists)
        {
            if (_assignment is not null)
            {
                await WriteDesiredAsync(message: null, cancellationToken); // deleted past the finalizer: it is still a member
            }
            return null;
        }
        var observed = peer.State;
        if (observed.Metadata.DeletionTimestamp is null)
        {
            if (_assignment is not null)
            {
                await WriteDesiredAsync(observed.Message, cancellationToken); // undo edits to what DTaaS owns
            }
            return null;
        }
        if (!observed.Metadata.HasFinalizer(Finalizer))
        {
            return null;
        }
        await DeletedByUserAsync(observed, cancellationToken);
        return null;
    }

    private async Task DeletedByUserAsync(DtPeer observed, CancellationToken cancellationToken)
    {
        var nodeId = observed.Id ?? observed.Metadata.Name!;
        var domainKey = ObjectKey.Parse(Key).Sibling(observed.DtDomain ?? _assignment?.DomainName ?? "").ToString();
        var refusal = await GrainFactory.GetGrain<IDtDomainGrain>(domainKey).RemoveMember(nodeId, cancellationToken);
        // The domain may have called Forget meanwhile (this grain is reentrant): act on the object as it is now.
        await peer.ReadStateAsync(cancellationToken);
        if (peer.RecordExists && peer.State.Metadata.HasFinalizer(Finalizer))
        {
            peer.State = WithFinalizer(peer.State, present: false);
            await peer.WriteStateAsync(cancellationToken);
        }
        if (refusal is null)
        {
            logger.LogInformation("dtPeer {Peer}: deleted by a user on the creator; node {Node} removed from {Domain}", Key, nodeId, domainKey);
            return;
        }
        // Not ours to remove: the object comes back, saying why.
        await peer.ClearStateAsync(cancellationToken); // gone already once the finalizer is off; this forgets the old version
        var message = $"Deleting this dtPeer was undone: {refusal}.";
        logger.LogWarning("dtPeer {Peer}: {Message}", Key, message);
        peer.State = new DtPeer { Metadata = new ObjectMeta { Name = observed.Metadata.Name, Namespace = observed.Metadata.Namespace } };
        if (_assignment is not null)
        {
            await WriteDesiredAsync(message, cancellationToken);
        }
        else
        {
            peer.State = observed with
            {
                Metadata = new ObjectMeta { Name = observed.Metadata.Name, Namespace = observed.Metadata.Namespace, Finalizers = [Finalizer] },
                Message = message,
            };
            await peer.WriteStateAsync(cancellationToken);
        }
        await events.RecordAsync(peer.State, EventKind.Warning, "DeletionRefused", message, cancellationToken);
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (_assignment is not { } assignment)
        {
            return;
        }
        DelayDeactivation(settings.ProbeInterval * 4);
        var member = assignment.Member;
        bool answered;
        long sent = clock.GetTimestamp();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            var info = await federation.ProbeAsync(member.NodeId, assignment.DomainUid, timeout.Token);
            answered = info.Id == member.NodeId;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            answered = false;
        }
        var rtt = clock.GetElapsedTime(sent);
        var handshake = await overlay.LastHandshakeAsync(assignment.DomainUid, member.PublicKey, cancellationToken);
        bool fresh = handshake is not { } at || clock.GetUtcNow() - at < HandshakeLimit;
        _missed = answered ? 0 : _missed + 1;
        bool connected = answered ? fresh : _missed < MissedProbesForDisconnected && _connected && fresh;
        string? latency = answered ? FormatLatency(rtt) : _latency;
        bool latencyDue = latency != _latency && clock.GetElapsedTime(_latencyWrittenAt) > LatencyRewrite;
        // A member that is not answering is asked more often for a while, so it shows connected soon after it is back
        // (or, when it just joined, as soon as its interface is up).
        var period = connected || _missed >= EagerProbes ? settings.ProbeInterval : Eager;
        if (period != _period)
        {
            _period = period;
            _probe?.Change(period, period);
        }
        await peer.ReadStateAsync(cancellationToken); // from the cache: notices an object deleted meanwhile
        if (connected == _connected && !latencyDue && peer.RecordExists)
        {
            return;
        }
        if (connected != _connected)
        {
            logger.LogInformation("dtPeer {Peer}: node {Name} {State}{Latency}", Key, member.Name, connected ? "connected" : "disconnected",
                connected ? $", round trip {latency}" : "");
        }
        _connected = connected;
        _latency = latency;
        _latencyWrittenAt = clock.GetTimestamp();
        if (peer.State.Metadata.DeletionTimestamp is null)
        {
            await WriteDesiredAsync(peer.RecordExists ? peer.State.Message : null, cancellationToken);
        }
    }

    private TimeSpan ProbeTimeout => settings.ProbeInterval * 0.75;

    private TimeSpan Eager => settings.ProbeInterval / 4;

    private async Task WriteDesiredAsync(string? message, CancellationToken cancellationToken)
    {
        if (_assignment is not { } assignment)
        {
            return;
        }
        var member = assignment.Member;
        var current = peer.State;
        var desired = WithFinalizer(current, present: true) with
        {
            Address = member.OverlayAddress,
            Connected = _connected,
            DtDomain = assignment.DomainName,
            Id = member.NodeId,
            Name = member.Name,
            PublicKey = member.PublicKey,
            Latency = _latency,
            Message = message,
        };
        if (peer.RecordExists && desired.SameAs(current))
        {
            return;
        }
        peer.State = desired;
        try
        {
            await peer.WriteStateAsync(cancellationToken);
        }
        catch (InconsistentStateException)
        {
            // Someone wrote meanwhile (a user, or the watch is behind): the next probe or reconcile writes again.
            await peer.ReadStateAsync(cancellationToken);
        }
    }

    private static DtPeer WithFinalizer(DtPeer peer, bool present) => peer with { Metadata = peer.Metadata.WithFinalizer(Finalizer, present) };

    private static string FormatLatency(TimeSpan rtt) =>
        rtt.TotalMilliseconds.ToString(rtt.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + "ms";
}
