using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Dtaas.Grains.Domains;

/// <summary>
/// The creator's delivery of its member list: pushes the latest list to every member that has not confirmed it, in
/// parallel and off the domain grain's turn (a member that is down must not hold up joins, and a member's answer may
/// itself call the creator). Members apply lists idempotently, so pushing twice is harmless; a failed push is retried
/// by <see cref="PushPending"/>, which the domain grain calls from a timer.
/// </summary>
public sealed class MembershipPusher(IFederationClient federation, string creatorNodeId, TimeSpan callTimeout, ILogger logger)
{
    private readonly ConcurrentDictionary<string, long> _confirmed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _reported = new(StringComparer.Ordinal); // the version whose failure was logged
    private Membership? _latest;
    private int _pushing;

    /// <summary>Whether some member has not confirmed the latest list.</summary>
    public bool HasPending => _latest is { } latest && Targets(latest).Any();

    /// <summary>Makes <paramref name="membership"/> the list to deliver and starts delivering it.</summary>
    public void Publish(Membership membership)
    {
        if (_latest is null || membership.Version >= _latest.Version)
        {
            _latest = membership;
        }
        PushPending();
    }

    /// <summary>Starts one round of pushes to the members that lack the latest list, unless a round is running.</summary>
    public void PushPending()
    {
        if (_latest is not { } latest || !Targets(latest).Any() || Interlocked.Exchange(ref _pushing, 1) == 1)
        {
            return;
        }
        // Task.Run leaves the grain's turn scheduler: the round runs beside the grain, touching only thread-safe fields.
        _ = Task.Run(async () =>
        {
            var round = latest;
            try
            {
                // A list published during a round goes out as soon as the round ends, not at the next retry.
                for (; ; round = _latest!)
                {
                    await Task.WhenAll(Targets(round).Select(member => PushAsync(round, member.NodeId, CancellationToken.None)));
                    if (_latest!.Version == round.Version)
                    {
                        break;
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _pushing, 0);
            }
            // One published after the loop's last look but before the flag went found a round running: start its own.
            if (_latest!.Version != round.Version)
            {
                PushPending();
            }
        });
    }

    /// <summary>Pushes <paramref name="membership"/> to one node and waits for it (dissolving, or telling a removed node).</summary>
    public async Task<bool> PushAsync(Membership membership, string nodeId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(callTimeout);
        try
        {
            await federation.ApplyMembershipAsync(nodeId, membership.DomainUid, membership, timeout.Token);
            _confirmed.AddOrUpdate(nodeId, membership.Version, (_, held) => Math.Max(held, membership.Version));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Retried every few seconds while the member is away: one line per member and version, not per attempt.
            if (_reported.TryGetValue(nodeId, out var reported) is false || reported < membership.Version)
            {
                _reported[nodeId] = membership.Version;
                logger.LogInformation("Domain {Domain}: member {Node} did not take version {Version} of the member list yet (retrying): {Reason}",
                    membership.DomainUid, nodeId, membership.Version, e.Message);
            }
            return false;
        }
    }

    private IEnumerable<DomainMember> Targets(Membership latest) =>
        latest.Members.Where(m => m.NodeId != creatorNodeId && (!_confirmed.TryGetValue(m.NodeId, out var version) || version < latest.Version));
}
