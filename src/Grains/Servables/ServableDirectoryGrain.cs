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

namespace Dtaas.Grains.Servables;

/// <summary>
/// Finds this node's servables in the caches: a list decides on each one here (the object's node), a use goes to the
/// object's own grain, which decides again on the object as it is then. Stateless: any silo answers, many at once.
/// </summary>
[StatelessWorker]
public sealed class ServableDirectoryGrain(
    NodeDescription node,
    FederationSettings settings,
    ILocalObjects objects,
    IFederationClient federation,
    ILogger<ServableDirectoryGrain> logger) : Grain, IServableDirectoryGrain
{
    private string Namespace => this.GetPrimaryKeyString();

    public async Task<IReadOnlyList<ServableView>> List(VerifiedPrincipal caller, string type, CancellationToken cancellationToken)
    {
        var live = await GrainFactory.GetGrain<ITrustBookGrain>(Namespace).Live(cancellationToken);
        return [.. objects.Servables()
            .Where(s => s.Metadata.Namespace == Namespace && s.Spec?.Type == type && ServableObjects.IsListed(s)
                && ServableObjects.MayConcern(s, caller.Principal, node.Name))
            .Select(s => (Servable: s, Held: CapabilityDecision.Held(ServableObjects.Access(s, node.Name, node.Id, live), caller.Principal, caller.Id.NodeId)))
            .Where(s => s.Held != Capability.None)
            .OrderBy(s => s.Servable.Metadata.Name, StringComparer.Ordinal)
            .Select(s => ServableObjects.View(s.Servable, node.Name, s.Held, brief: true))];
    }

    public async Task<FederatedServables> ListAcrossDomains(VerifiedPrincipal caller, string type, CancellationToken cancellationToken)
    {
        var members = SharingDomain.Peers(SharingDomain.Of(objects.Domains().Where(d => d.Metadata.Namespace == Namespace), objects.Peers(), node.Id), node.Id);
        var local = List(caller, type, cancellationToken);
        var answers = await MemberFanOut.AskAsync(members, settings.ListTimeout,
            async (member, ct) =>
            {
                var items = await federation.ListServablesAsync(member.NodeId, member.Domain, caller, type, ct);
                // The member answers for its own objects only.
                return items.Select(i => i with { Node = i.Node is null ? null : member.Name }).ToList();
            },
            (member, e) => logger.LogInformation("Servables of {Namespace} ({Type}): member {Member} did not answer: {Reason}", Namespace, type, member.Name, e.Message),
            cancellationToken);
        return new FederatedServables([.. await local, .. answers.SelectMany(a => a ?? [])], MemberFanOut.Unanswered(members, answers));
    }

    public async Task ForgetDeparted(CancellationToken cancellationToken)
    {
        await objects.SyncedAsync(cancellationToken);
        var known = KnownNodes.Of(objects.Domains().Where(d => d.Metadata.Namespace == Namespace), objects.Peers(), node.Id, node.Name);
        foreach (var servable in objects.Servables().Where(s => s.Metadata.Namespace == Namespace && ServableObjects.Involves(s, known) is false))
        {
            await GrainFactory.GetGrain<IDtServableGrain>(new ObjectKey(Namespace, servable.Metadata.Name!).ToString()).Forget(known.Names, known.Ids, cancellationToken);
        }
    }

    public async Task Unlinked(string homeNodeId, string trustId, IReadOnlyList<string>? objectIds, CancellationToken cancellationToken)
    {
        foreach (var linked in objects.Servables().Where(s => s.Metadata.Namespace == Namespace && (objectIds is null || objectIds.Contains(s.Id!))
            && TrustApprovals.Read(s).Any(a => (a.HomeNodeId, a.TrustId) == (homeNodeId, trustId))))
        {
            await GrainFactory.GetGrain<IDtServableGrain>(new ObjectKey(Namespace, linked.Metadata.Name!).ToString()).Unlink(homeNodeId, trustId, cancellationToken);
        }
    }

    public async Task<ServableAnswer> Act(VerifiedPrincipal caller, string? type, string id, ServableAction action, CancellationToken cancellationToken)
    {
        var found = objects.Servables().FirstOrDefault(s => s.Metadata.Namespace == Namespace && s.Id == id && ServableObjects.IsListed(s)
            && (type is null || s.Spec?.Type == type));
        if (found is not null)
        {
            return await GrainFactory.GetGrain<IDtServableGrain>(new ObjectKey(Namespace, found.Metadata.Name!).ToString()).Act(caller, action, cancellationToken);
        }
        var hidden = ServableAnswer.Refused(ServableOutcome.Hidden, $"no {type ?? "object"} with id {id}");
        // Only this node's own users are forwarded: a member's user acting here is answered for this node's servables alone.
        if (caller.Id.NodeId != node.Id || action is not (ServableAction.Read or ServableAction.Grant or ServableAction.Revoke or ServableAction.Update or ServableAction.Delete))
        {
            return hidden;
        }
        var (holder, read) = await LocateAsync(caller, id, cancellationToken);
        if (holder is null || read is null || (type is not null && read.Servable?.Type != type))
        {
            return hidden;
        }
        if (action is ServableAction.Update { ServiceSelector: not null })
        {
            return ServableAnswer.Refused(ServableOutcome.Invalid,
                $"serviceSelector names a Service of {holder.Name}, which holds {id}: only a user of {holder.Name} changes it");
        }
        var answer = action is ServableAction.Read ? read
            : await federation.ActOnServableAsync(holder.NodeId, holder.Domain, caller, id, action, cancellationToken);
        // The member answers for its own object: shown under its name, and reached through this node's gateway.
        return answer with
        {
            Servable = answer.Servable is { } view
                ? view with { Node = view.Node is null ? null : holder.Name, Details = view.Details is { } details ? details with { Uri = node.UriOf(id) } : null }
                : null,
        };
    }

    public async Task<ServableLocation?> Locate(VerifiedPrincipal caller, string id, CancellationToken cancellationToken) =>
        await LocateAsync(caller, id, cancellationToken) is ({ } holder, _) ? new ServableLocation(holder.NodeId, holder.Name) : null;

    /// <summary>
    /// The one member whose servable <paramref name="id"/> this node's user may know of, with its READ answer; none when no
    /// member or several claim it (ids are the object node's uids: a second claim is a member lying, so neither is believed).
    /// </summary>
    private async Task<(DomainPeer? Holder, ServableAnswer? Read)> LocateAsync(VerifiedPrincipal caller, string id, CancellationToken cancellationToken)
    {
        var members = SharingDomain.Peers(SharingDomain.Of(objects.Domains().Where(d => d.Metadata.Namespace == Namespace), objects.Peers(), node.Id), node.Id);
        var answers = await MemberFanOut.AskAsync(members, settings.ListTimeout,
            (member, ct) => federation.ActOnServableAsync(member.NodeId, member.Domain, caller, id, new ServableAction.Read(), ct),
            (member, e) => logger.LogInformation("Servable {Id} of {Namespace}: member {Member} did not answer: {Reason}", id, Namespace, member.Name, e.Message),
            cancellationToken);
        var claims = members.Zip(answers).Where(p => p.Second is { Outcome: not ServableOutcome.Hidden }).ToList();
        if (claims.Count > 1)
        {
            logger.LogWarning("Servable {Id} of {Namespace}: members {Members} each claim it; none is believed", id, Namespace,
                string.Join(", ", claims.Select(c => c.First.Name)));
            return (null, null);
        }
        return claims.Count == 1 ? (claims[0].First, claims[0].Second) : (null, null);
    }
}
