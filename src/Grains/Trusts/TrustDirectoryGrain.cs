using Dtaas.Grains.Domains;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Trusts;

/// <summary>
/// Finds trusts for a user of this node: in the caches for those kept here, through the federation for those kept on
/// other members (each decides for its own trusts). Stateless: any silo answers, many at once.
/// </summary>
[StatelessWorker]
public sealed class TrustDirectoryGrain(
    NodeDescription node,
    FederationSettings settings,
    ILocalObjects objects,
    IFederationClient federation,
    ILogger<TrustDirectoryGrain> logger) : Grain, ITrustDirectoryGrain
{
    private string Namespace => this.GetPrimaryKeyString();

    public async Task ForgetDeparted(CancellationToken cancellationToken)
    {
        await objects.SyncedAsync(cancellationToken);
        var known = KnownNodes.Of(objects.Domains().Where(d => d.Metadata.Namespace == Namespace), objects.Peers(), node.Id, node.Name);
        foreach (var trust in objects.Trusts().Where(t => t.Metadata.Namespace == Namespace && !TrustObjects.Within(t, known)))
        {
            await Trust(trust.Metadata.Name!).Forget(known.Names, known.Ids, cancellationToken);
        }
    }

    public Task<IReadOnlyList<TrustView>> List(VerifiedPrincipal caller, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TrustView>>([.. objects.Trusts()
            .Where(t => t.Metadata.Namespace == Namespace && TrustObjects.Knows(t, caller))
            .OrderBy(t => t.Metadata.Name, StringComparer.Ordinal)
            .Select(t => TrustObjects.View(t, node.Name))]);

    public async Task<FederatedTrusts> ListAcrossDomains(VerifiedPrincipal caller, CancellationToken cancellationToken)
    {
        var members = Members();
        var answers = await MemberFanOut.AskAsync(members, settings.ListTimeout,
            // A member answers only for the trusts it is home of: any other it names is not its to show.
            async (member, ct) => (await federation.ListTrustsAsync(member.NodeId, member.Domain, caller, ct))
                .Where(t => TrustIds.IsHome(t.Id, member.NodeId)).Select(t => t with { Node = member.Name }).ToList(),
            (member, e) => logger.LogInformation("Trusts of {Namespace}: member {Member} did not answer: {Reason}", Namespace, member.Name, e.Message),
            cancellationToken);
        return new FederatedTrusts([.. await List(caller, cancellationToken), .. answers.SelectMany(a => a ?? [])], MemberFanOut.Unanswered(members, answers));
    }

    public async Task<TrustAnswer> Change(VerifiedPrincipal caller, string trustId, TrustChange change, CancellationToken cancellationToken)
    {
        if (caller.Id.NodeId != node.Id)
        {
            return TrustAnswer.Refused(ServableOutcome.Forbidden, $"{caller.Principal} is not a user of this node: only its home node speaks for it");
        }
        if (!ObjectIds.IsId(trustId))
        {
            return Hidden(trustId);
        }
        // Kept here (or just created, so not in the cache yet, when no member holds it either): this node decides.
        if (objects.Trusts().Any(t => t.Metadata.Namespace == Namespace && t.Metadata.Name == trustId)
            || await HomeOfAsync(caller, trustId, cancellationToken) is not { } home)
        {
            return await change.ApplyTo(Trust(trustId), caller, cancellationToken);
        }
        if (change is TrustChange.View)
        {
            return home.Seen;
        }
        if (change is TrustChange.LinkObject link)
        {
            if (home.Seen.Trust?.Trustees.Contains(caller.Principal.ToString()) != true)
            {
                return TrustAnswer.Refused(ServableOutcome.Forbidden, $"only the trustees of trust {trustId} change it; {caller.Principal} is a member");
            }
            var approval = new TrustLinkApproval(GrainFactory, federation, node, objects, Namespace);
            if (await approval.RefusalAsync(caller, home.Member.NodeId, trustId, link.Node, link.ObjectId, link.Capabilities, cancellationToken) is { } refused)
            {
                return refused;
            }
        }
        try
        {
            var answer = await federation.ChangeTrustAsync(home.Member.NodeId, home.Member.Domain, caller, trustId, change, cancellationToken);
            return answer with { Trust = answer.Trust is { } trust ? trust with { Node = home.Member.Name } : null };
        }
        catch (Exception e) when (e is FederationCallException or TimeoutException or UnauthorizedAccessException or ArgumentException
            or KeyNotFoundException or InvalidOperationException)
        {
            return TrustAnswer.Refused(ServableOutcome.Unreachable, $"node {home.Member.Name}, the home of trust {trustId}, did not answer: {e.Message}");
        }
    }

    /// <summary>
    /// The member keeping trust <paramref name="trustId"/> (the one its id names: no other member is asked), as it showed
    /// it to the caller; null when it did not answer or does not know the caller in it.
    /// </summary>
    private async Task<(DomainPeer Member, TrustAnswer Seen)?> HomeOfAsync(VerifiedPrincipal caller, string trustId, CancellationToken cancellationToken)
    {
        var members = Members().Where(m => TrustIds.IsHome(trustId, m.NodeId)).ToList();
        var answers = await MemberFanOut.AskAsync(members, settings.ListTimeout,
            (member, ct) => federation.ChangeTrustAsync(member.NodeId, member.Domain, caller, trustId, new TrustChange.View(), ct),
            (member, e) => logger.LogDebug("Trust {Trust} in {Namespace}: member {Member} did not answer: {Reason}", trustId, Namespace, member.Name, e.Message),
            cancellationToken);
        return members.Zip(answers)
            .Where(p => p.Second is { Outcome: ServableOutcome.Done, Trust: not null })
            .Select(p => (p.First, p.Second! with { Trust = p.Second.Trust! with { Node = p.First.Name } }))
            .Cast<(DomainPeer, TrustAnswer)?>()
            .FirstOrDefault();
    }

    private IReadOnlyList<DomainPeer> Members() =>
        SharingDomain.Peers(SharingDomain.Of(objects.Domains().Where(d => d.Metadata.Namespace == Namespace), objects.Peers(), node.Id), node.Id);

    private IDtTrustGrain Trust(string id) => GrainFactory.GetGrain<IDtTrustGrain>(new ObjectKey(Namespace, id).ToString());

    private static TrustAnswer Hidden(string trustId) => TrustAnswer.Refused(ServableOutcome.Hidden, $"no trust {trustId}");
}
