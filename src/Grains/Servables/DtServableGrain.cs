using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Servables;

/// <summary>
/// A dtServable on its node: its id (from its uid, kept once given) and URI, whether its type and owner are right, and
/// every use of it, each allowed by <see cref="CapabilityDecision"/> on what the object holds now.
/// </summary>
public sealed class DtServableGrain(
    NodeDescription node,
    ILocalObjects objects,
    IEventRecorder events,
    ILogger<DtServableGrain> logger,
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtServable> servable) : Grain, IDtServableGrain
{
    /// <summary>A servable whose owner is not (yet) a dtUser looks again this often: users come and go without telling it.</summary>
    public static readonly TimeSpan OwnerRecheck = TimeSpan.FromSeconds(10);

    private string Key => this.GetPrimaryKeyString();

    private string Namespace => ObjectKey.Parse(Key).Namespace;

    private string Name => ObjectKey.Parse(Key).Name;

    public async Task<TimeSpan?> Reconcile(CancellationToken cancellationToken)
    {
        await servable.ReadStateAsync(cancellationToken);
        if (!servable.RecordExists || servable.State.Metadata.DeletionTimestamp is not null)
        {
            DeactivateOnIdle();
            return null;
        }
        return await ReconcileObservedAsync(cancellationToken) ? OwnerRecheck : null;
    }

    public async Task<ServableAnswer> Create(VerifiedPrincipal owner, ServableDraft draft, CancellationToken cancellationToken)
    {
        if (owner.Principal.Node != node.Name)
        {
            return ServableAnswer.Refused(ServableOutcome.Forbidden, $"{owner.Principal} is not a user of this node: servables are created on their owner's node");
        }
        if (!ServableObjects.Types.Contains(draft.Type))
        {
            return ServableAnswer.Refused(ServableOutcome.Invalid, $"'{draft.Type}' is not a servable type: use one of {string.Join(", ", ServableObjects.Types)}");
        }
        await servable.ReadStateAsync(cancellationToken);
        if (servable.RecordExists)
        {
            return ServableAnswer.Refused(ServableOutcome.Conflict, $"a dtServable named '{Name}' exists already in this node");
        }
        servable.State = new DtServable
        {
            Metadata = new ObjectMeta { Name = Name, Namespace = Namespace },
            Spec = new DtServableSpec
            {
                Type = draft.Type,
                Owner = owner.Principal.Username,
                ServiceSelector = draft.ServiceSelector,
                Description = draft.Description,
                Tags = draft.Tags,
            },
        };
        await servable.WriteStateAsync(cancellationToken); // creates it: the API gives it its uid, the id's source
        logger.LogInformation("dtServable {Servable}: created by {Principal} as its owner", Key, owner.Principal);
        await ReconcileObservedAsync(cancellationToken);
        return ServableAnswer.Done(ServableObjects.View(servable.State, node.Name, Capability.All));
    }

    public async Task<ServableAnswer> Act(VerifiedPrincipal caller, ServableAction action, CancellationToken cancellationToken)
    {
        await servable.ReadStateAsync(cancellationToken);
        var observed = servable.State;
        var access = ServableObjects.Access(observed, node.Name, node.Id, await GrainFactory.GetGrain<ITrustBookGrain>(Namespace).Live(cancellationToken));
        var held = servable.RecordExists && ServableObjects.IsListed(observed) ? CapabilityDecision.Held(access, caller.Principal, caller.Id.NodeId) : Capability.None;
        if (held == Capability.None)
        {
            return ServableAnswer.Refused(ServableOutcome.Hidden, "no such servable");
        }
        if (!held.HasFlag(action.Needs))
        {
            return ServableAnswer.Refused(ServableOutcome.Forbidden,
                $"{caller.Principal} needs {Capabilities.Name(action.Needs)} on {observed.Spec?.Type} {observed.Id}; it holds {string.Join(", ", Capabilities.Names(held))}");
        }
        switch (action)
        {
            case ServableAction.Read:
                return ServableAnswer.Done(ServableObjects.View(observed, node.Name, held));
            case ServableAction.Request:
                return ServableAnswer.Done(ServableObjects.View(observed, node.Name, held, brief: true));
            case ServableAction.Update update:
                await WriteAsync(observed with
                {
                    Spec = (observed.Spec ?? new DtServableSpec()) with
                    {
                        Description = update.Description ?? observed.Spec?.Description,
                        Tags = update.Tags ?? observed.Spec?.Tags,
                        ServiceSelector = update.ServiceSelector ?? observed.Spec?.ServiceSelector,
                    },
                }, cancellationToken);
                logger.LogInformation("dtServable {Servable}: updated by {Principal}", Key, caller.Principal);
                return ServableAnswer.Done(ServableObjects.View(servable.State, node.Name, held));
            case ServableAction.Delete:
                await servable.ClearStateAsync(cancellationToken);
                logger.LogInformation("dtServable {Servable}: deleted by {Principal}", Key, caller.Principal);
                DeactivateOnIdle();
                return ServableAnswer.Done(null);
            case ServableAction.Grant grant:
                return await GrantAsync(caller, access, grant, cancellationToken);
            case ServableAction.Revoke revoke:
                return await RevokeAsync(caller, held, revoke, cancellationToken);
            case ServableAction.Link link:
                return await LinkAsync(caller, access, link, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown servable action.");
        }
    }

    private async Task<ServableAnswer> GrantAsync(VerifiedPrincipal caller, ObjectAccess access, ServableAction.Grant grant, CancellationToken cancellationToken)
    {
        if (grant.Capabilities == Capability.None)
        {
            return ServableAnswer.Refused(ServableOutcome.Invalid, "name at least one capability to grant");
        }
        if (CapabilityDecision.DelegationRefusal(access, caller.Principal, caller.Id.NodeId, grant.Capabilities) is { } refusal)
        {
            return ServableAnswer.Refused(ServableOutcome.Forbidden, refusal);
        }
        var observed = servable.State;
        // The grantee's node as this node's member lists have it now: a later node of the same name holds nothing by it.
        var toNode = SharingDomain.NodeIdOf(objects, node, Namespace, grant.To.Node);
        var before = access.Grants.Where(g => toNode is null ? g.Principal == grant.To : g.IsTo(grant.To, toNode))
            .Aggregate(Capability.None, (set, g) => set | g.Capabilities);
        var entry = new DtServableGrant
        {
            Principal = grant.To.ToString(),
            NodeId = toNode,
            Capabilities = Capabilities.Names(before | grant.Capabilities),
            GrantedBy = caller.Principal.ToString(),
        };
        await WriteAsync(observed with { Grants = [.. Others(observed, grant.To), entry] }, cancellationToken);
        logger.LogInformation("dtServable {Servable}: {Actor} granted {Principal} {Capabilities}", Key, caller.Principal, grant.To,
            string.Join(",", entry.Capabilities));
        return ServableAnswer.Done(ServableObjects.View(servable.State, node.Name, CapabilityDecision.Held(access, caller.Principal, caller.Id.NodeId)));
    }

    private async Task<ServableAnswer> RevokeAsync(VerifiedPrincipal caller, Capability held, ServableAction.Revoke revoke, CancellationToken cancellationToken)
    {
        var observed = servable.State;
        var kept = Others(observed, revoke.From);
        if (kept.Count == (observed.Grants?.Count ?? 0))
        {
            return ServableAnswer.Refused(ServableOutcome.Missing, $"{observed.Spec?.Type} {observed.Id} grants nothing directly to {revoke.From}");
        }
        await WriteAsync(observed with { Grants = kept }, cancellationToken);
        logger.LogInformation("dtServable {Servable}: {Actor} revoked the grant to {Principal}", Key, caller.Principal, revoke.From);
        return ServableAnswer.Done(ServableObjects.View(servable.State, node.Name, held));
    }

    public async Task Forget(IReadOnlyList<string> nodeNames, IReadOnlyList<string> nodeIds, CancellationToken cancellationToken)
    {
        await servable.ReadStateAsync(cancellationToken);
        if (!servable.RecordExists)
        {
            return;
        }
        var observed = servable.State;
        var known = new KnownNodes(nodeNames, nodeIds);
        var grants = (observed.Grants ?? []).Where(g => g.Principal is null || known.Knows(g.Principal, g.NodeId)).ToList();
        var desired = TrustApprovals.Keep(observed with { Grants = grants }, nodeIds);
        if (!desired.Equals(observed))
        {
            await WriteAsync(desired, cancellationToken);
            logger.LogInformation("dtServable {Servable}: dropped {Grants} grant(s) and {Links} trust link(s) of nodes that left", Key,
                (observed.Grants?.Count ?? 0) - grants.Count, TrustApprovals.Read(observed).Count - TrustApprovals.Read(desired).Count);
        }
    }

    public async Task Unlink(string homeNodeId, string trustId, CancellationToken cancellationToken)
    {
        await servable.ReadStateAsync(cancellationToken);
        if (!servable.RecordExists)
        {
            return;
        }
        var desired = TrustApprovals.Without(servable.State, homeNodeId, trustId);
        if (!desired.Equals(servable.State))
        {
            await WriteAsync(desired, cancellationToken);
            logger.LogInformation("dtServable {Servable}: trust {Trust} of node {Home} links it no more; its approval is gone", Key, trustId, homeNodeId);
        }
    }

    private async Task<ServableAnswer> LinkAsync(VerifiedPrincipal caller, ObjectAccess access, ServableAction.Link link, CancellationToken cancellationToken)
    {
        if (CapabilityDecision.DelegationRefusal(access, caller.Principal, caller.Id.NodeId, link.Capabilities) is { } refusal)
        {
            return ServableAnswer.Refused(ServableOutcome.Forbidden, refusal);
        }
        await WriteAsync(TrustApprovals.With(servable.State,
            new TrustApprovals.Approval(link.HomeNodeId, link.TrustId, link.Capabilities, caller.Principal.ToString())), cancellationToken);
        logger.LogInformation("dtServable {Servable}: {Actor} linked it into trust {Trust} of node {Home} giving {Capabilities}", Key, caller.Principal,
            link.TrustId, link.HomeNodeId, string.Join(",", Capabilities.Names(link.Capabilities)));
        return ServableAnswer.Done(ServableObjects.View(servable.State, node.Name, CapabilityDecision.Held(access, caller.Principal, caller.Id.NodeId), brief: true));
    }

    /// <summary>The grants to anyone but <paramref name="principal"/> (entries that name no principal are dropped).</summary>
    private static List<DtServableGrant> Others(DtServable observed, Principal principal) =>
        [.. (observed.Grants ?? []).Where(g => !(Principal.TryParse(g.Principal, out var to, out _) && to == principal))];

    /// <summary>Writes what DTaaS owns on the object as it is; true when its owner is missing (to look again later).</summary>
    private async Task<bool> ReconcileObservedAsync(CancellationToken cancellationToken)
    {
        var observed = servable.State;
        var id = ObjectIds.Of(observed.Metadata, observed.Id) ?? throw new InvalidOperationException($"dtServable {Key} has no uid");
        var (problem, ownerMissing) = Problem(observed.Spec);
        var desired = observed with
        {
            Id = id,
            Uri = node.UriOf(id),
            Status = problem is null ? DtServableStatus.Ready : DtServableStatus.Failed,
            Message = problem,
        };
        if (!desired.Equals(observed))
        {
            await WriteAsync(desired, cancellationToken);
            if (problem is null)
            {
                logger.LogInformation("dtServable {Servable}: Ready as {Type} {Id} at {Uri}, owner {Owner}", Key, desired.Spec!.Type, id, desired.Uri, desired.Spec.Owner);
            }
            else
            {
                logger.LogWarning("dtServable {Servable}: Failed: {Message}", Key, problem);
                await events.RecordAsync(desired, EventKind.Warning, "Failed", problem, cancellationToken);
            }
        }
        return ownerMissing;
    }

    private (string? Problem, bool OwnerMissing) Problem(DtServableSpec? spec)
    {
        if (spec?.Type is not { } type || !ServableObjects.Types.Contains(type))
        {
            return ($"spec.type '{spec?.Type}' is not a servable type: use one of {string.Join(", ", ServableObjects.Types)}", false);
        }
        if (spec.Owner is not { Length: > 0 } owner)
        {
            return ("spec.owner must name the dtUser of this node who owns it", false);
        }
        var found = objects.Users().Any(u => u.Metadata.Namespace == Namespace && u.Metadata.Name == owner && u.Spec is not null);
        return found ? (null, false) : ($"owner dtUser '{owner}' not found in namespace {Namespace}", true);
    }

    private async Task WriteAsync(DtServable desired, CancellationToken cancellationToken)
    {
        servable.State = desired;
        await servable.WriteStateAsync(cancellationToken);
    }
}
