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

namespace Dtaas.Grains.Trusts;

/// <summary>
/// A dtTrust on its home node. Trustees change it; linking an object is approved by the object's node (the trustee
/// must hold MANAGE and what it gives there). Every node holding one of its objects is told who is in it at once on a
/// change and every <see cref="FederationSettings.TrustRefresh"/>: those nodes decide with it, and stop when the
/// telling stops (<see cref="FederationSettings.TrustLease"/>).
/// </summary>
// The grain type keeps the id the class had as DtTrustGrain, so replicas of one node on either side of the rename agree.
[GrainType("trust")]
public sealed class DtTrustGrain(
    NodeDescription node,
    FederationSettings settings,
    ILocalObjects objects,
    IFederationClient federation,
    ILogger<DtTrustGrain> logger,
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtTrust> trust) : Grain, IDtTrustGrain
{
    private IGrainTimer? _refresh;

    private string Key => this.GetPrimaryKeyString();

    private TrustLinkApproval Approval => new(GrainFactory, federation, node, objects, Namespace);

    private string Namespace => ObjectKey.Parse(Key).Namespace;

    private string Id => ObjectKey.Parse(Key).Name;

    public async Task<TimeSpan?> Reconcile(CancellationToken cancellationToken)
    {
        await trust.ReadStateAsync(cancellationToken);
        if (!trust.RecordExists)
        {
            DeactivateOnIdle();
            return null;
        }
        await TellAsync([], cancellationToken);
        return null;
    }

    public async Task<TrustAnswer> Create(VerifiedPrincipal creator, string name, CancellationToken cancellationToken)
    {
        if (creator.Id.NodeId != node.Id)
        {
            return TrustAnswer.Refused(ServableOutcome.Forbidden, $"{creator.Principal} is not a user of this node: a trust lives on its creator's node");
        }
        if (string.IsNullOrWhiteSpace(name))
        {
            return TrustAnswer.Refused(ServableOutcome.Invalid, "name the trust");
        }
        if (!TrustIds.IsHome(Id, node.Id))
        {
            return TrustAnswer.Refused(ServableOutcome.Invalid, $"trust id {Id} does not name this node as its home: draw it with TrustIds.New(\"{node.Id}\")");
        }
        await trust.ReadStateAsync(cancellationToken);
        if (trust.RecordExists)
        {
            return TrustAnswer.Refused(ServableOutcome.Conflict, $"trust {Id} exists already");
        }
        trust.State = new DtTrust
        {
            Metadata = new ObjectMeta { Name = Id, Namespace = Namespace },
            Name = name,
            Trustees = [creator.Principal.ToString()],
            Members = [],
            NodeIds = new Dictionary<string, string> { [creator.Principal.ToString()] = node.Id },
            Objects = [],
            Version = 1,
        };
        await trust.WriteStateAsync(cancellationToken);
        logger.LogInformation("dtTrust {Trust}: created as '{Name}' by {Principal}", Key, name, creator.Principal);
        return TrustAnswer.Done(View());
    }

    public async Task<TrustAnswer> View(VerifiedPrincipal caller, CancellationToken cancellationToken)
    {
        await trust.ReadStateAsync(cancellationToken);
        return TrustObjects.Knows(trust.RecordExists ? trust.State : null, caller) ? TrustAnswer.Done(View()) : Hidden();
    }

    public async Task<TrustAnswer> Delete(VerifiedPrincipal caller, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(caller, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        var linked = NodesOf(trust.State.Objects);
        await trust.ClearStateAsync(cancellationToken);
        logger.LogInformation("dtTrust {Trust}: deleted by {Principal}", Key, caller.Principal);
        await TellNodesAsync(linked, withdrawn: true, cancellationToken);
        _refresh?.Dispose();
        _refresh = null;
        DeactivateOnIdle();
        return TrustAnswer.Done(null);
    }

    public async Task<TrustAnswer> AddMember(VerifiedPrincipal caller, Principal principal, bool trustee, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(caller, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        var text = principal.ToString();
        var state = trust.State;
        var trustees = (state.Trustees ?? []).Where(t => t != text).ToList();
        var members = (state.Members ?? []).Where(m => m != text).ToList();
        (trustee ? trustees : members).Add(text);
        // The principal's node as this node's member lists have it now: a later node of the same name is not in the trust.
        var nodeIds = new Dictionary<string, string>(state.NodeIds ?? new Dictionary<string, string>());
        if (SharingDomain.NodeIdOf(objects, node, Namespace, principal.Node) is { } nodeId)
        {
            nodeIds[text] = nodeId;
        }
        else
        {
            nodeIds.Remove(text);
        }
        var changed = state with { Trustees = trustees, Members = members, NodeIds = nodeIds };
        await ChangeAsync(changed with { NodeIds = TrustObjects.NodeIdsOfEntries(changed) }, [], cancellationToken);
        logger.LogInformation("dtTrust {Trust}: {Actor} added {Principal} of node {NodeId} as {Role}", Key, caller.Principal, principal,
            nodeIds.GetValueOrDefault(text) ?? "(not met yet: by name)", trustee ? "trustee" : "member");
        return TrustAnswer.Done(View());
    }

    public async Task<TrustAnswer> RemoveMember(VerifiedPrincipal caller, Principal principal, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(caller, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        var text = principal.ToString();
        var state = trust.State;
        var trustees = (state.Trustees ?? []).Where(t => t != text).ToList();
        if (trustees.Count == 0)
        {
            return TrustAnswer.Refused(ServableOutcome.Invalid, "a trust keeps at least one trustee: delete the trust instead");
        }
        if (trustees.Count == state.Trustees?.Count && state.Members?.Contains(text) != true)
        {
            return TrustAnswer.Refused(ServableOutcome.Missing, $"{principal} is not in trust {Id}");
        }
        var changed = state with { Trustees = trustees, Members = [.. (state.Members ?? []).Where(m => m != text)] };
        await ChangeAsync(changed with { NodeIds = TrustObjects.NodeIdsOfEntries(changed) }, [], cancellationToken);
        logger.LogInformation("dtTrust {Trust}: {Actor} removed {Principal}", Key, caller.Principal, principal);
        return TrustAnswer.Done(View());
    }

    public async Task<TrustAnswer> LinkObject(VerifiedPrincipal caller, string nodeName, string objectId, Capability capabilities, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(caller, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        if (capabilities == Capability.None)
        {
            return TrustAnswer.Refused(ServableOutcome.Invalid, "name at least one capability the trust gives on the object");
        }
        // A user of this node is approved here; a trustee of another member was, by its own node, before it asked.
        var refused = caller.Id.NodeId == node.Id
            ? await Approval.RefusalAsync(caller, node.Id, Id, nodeName, objectId, capabilities, cancellationToken)
            : nodeName != node.Name && Approval.Member(nodeName) is null ? TrustLinkApproval.NotShared(nodeName) : null;
        if (refused is not null)
        {
            return refused;
        }
        var state = trust.State;
        var link = new DtTrustObject { Node = nodeName, Id = objectId, Capabilities = Capabilities.Names(capabilities) };
        await ChangeAsync(state with { Objects = [.. (state.Objects ?? []).Where(o => o.Id != objectId), link] }, [], cancellationToken);
        logger.LogInformation("dtTrust {Trust}: {Actor} linked object {Object} of node {Node} giving {Capabilities}", Key, caller.Principal, objectId, nodeName,
            string.Join(",", link.Capabilities));
        return TrustAnswer.Done(View());
    }

    public async Task Forget(IReadOnlyList<string> nodeNames, IReadOnlyList<string> nodeIds, CancellationToken cancellationToken)
    {
        await trust.ReadStateAsync(cancellationToken);
        var known = new KnownNodes(nodeNames, nodeIds);
        if (!trust.RecordExists || TrustObjects.Within(trust.State, known))
        {
            return;
        }
        var state = trust.State;
        bool Kept(string principal) => known.Knows(principal, state.NodeIds?.GetValueOrDefault(principal));
        var changed = state with
        {
            Trustees = [.. (state.Trustees ?? []).Where(Kept)],
            Members = [.. (state.Members ?? []).Where(Kept)],
            Objects = [.. (state.Objects ?? []).Where(o => o.Node is null || nodeNames.Contains(o.Node))],
        };
        await ChangeAsync(changed with { NodeIds = TrustObjects.NodeIdsOfEntries(changed) }, [], cancellationToken);
        logger.LogInformation("dtTrust {Trust}: dropped the principals and objects of nodes that left", Key);
    }

    public async Task<TrustAnswer> UnlinkObject(VerifiedPrincipal caller, string objectId, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(caller, cancellationToken) is { } refusal)
        {
            return refusal;
        }
        var state = trust.State;
        var unlinked = (state.Objects ?? []).Where(o => o.Id == objectId).ToList();
        if (unlinked.Count == 0)
        {
            return TrustAnswer.Refused(ServableOutcome.Missing, $"trust {Id} links no object {objectId}");
        }
        // The object's node is told too, though the trust may link nothing else there: that is what revokes.
        await ChangeAsync(state with { Objects = [.. (state.Objects ?? []).Where(o => o.Id != objectId)] }, NodesOf(unlinked), cancellationToken);
        logger.LogInformation("dtTrust {Trust}: {Actor} unlinked object {Object}", Key, caller.Principal, objectId);
        return TrustAnswer.Done(View());
    }

    /// <summary>Why <paramref name="caller"/> may not change the trust (hidden unless it knows of it; forbidden unless a trustee), or null.</summary>
    private async Task<TrustAnswer?> RefusalAsync(VerifiedPrincipal caller, CancellationToken cancellationToken)
    {
        await trust.ReadStateAsync(cancellationToken);
        var state = trust.RecordExists ? trust.State : null;
        return !TrustObjects.Knows(state, caller) ? Hidden()
            : !TrustObjects.IsTrustee(state!, caller)
                ? TrustAnswer.Refused(ServableOutcome.Forbidden, $"only the trustees of trust {Id} change it; {caller.Principal} is a member")
                : null;
    }

    private async Task ChangeAsync(DtTrust desired, IReadOnlyCollection<string> alsoTell, CancellationToken cancellationToken)
    {
        trust.State = desired with { Version = (desired.Version ?? 0) + 1 };
        await trust.WriteStateAsync(cancellationToken);
        await TellAsync(alsoTell, cancellationToken);
    }

    /// <summary>Tells every node holding a linked object (and <paramref name="alsoTell"/>), and keeps telling them on a schedule.</summary>
    private async Task TellAsync(IReadOnlyCollection<string> alsoTell, CancellationToken cancellationToken)
    {
        _refresh ??= this.RegisterGrainTimer(async ct =>
        {
            await trust.ReadStateAsync(ct);
            if (trust.RecordExists)
            {
                await TellNodesAsync(NodesOf(trust.State.Objects), withdrawn: false, ct);
            }
        }, new GrainTimerCreationOptions(settings.TrustRefresh, settings.TrustRefresh) { Interleave = true });
        await TellNodesAsync([.. NodesOf(trust.State.Objects).Union(alsoTell)], withdrawn: false, cancellationToken);
    }

    private async Task TellNodesAsync(IReadOnlyCollection<string> nodeNames, bool withdrawn, CancellationToken cancellationToken)
    {
        var state = trust.State;
        await Task.WhenAll(nodeNames.Select(async name =>
        {
            var set = new TrustedSet(Id, node.Id, state?.Version ?? 0, state?.Trustees ?? [], state?.Members ?? [],
                [.. (state?.Objects ?? []).Where(o => o.Node == name && o.Id is not null).Select(o => o.Id!)],
                state is null ? null : TrustObjects.NodeIdsOfEntries(state));
            try
            {
                if (name == node.Name)
                {
                    var book = GrainFactory.GetGrain<ITrustBookGrain>(Namespace);
                    await (withdrawn ? book.Withdraw(node.Id, Id, cancellationToken) : book.Apply(set, cancellationToken));
                }
                else if (Approval.Member(name) is { } member)
                {
                    await federation.ApplyTrustAsync(member.NodeId, member.Domain, set, withdrawn, cancellationToken);
                }
            }
            catch (Exception e) when (e is FederationCallException or TimeoutException or UnauthorizedAccessException or ArgumentException
                or KeyNotFoundException or InvalidOperationException)
            {
                // The node stops honouring the trust when its lease runs out; the next refresh tries again.
                logger.LogInformation("dtTrust {Trust}: node {Node} not told yet: {Reason}", Key, name, e.Message);
            }
        }));
    }

    private static HashSet<string> NodesOf(IEnumerable<DtTrustObject>? linked) => [.. (linked ?? []).Select(o => o.Node).OfType<string>()];

    private TrustView View() => TrustObjects.View(trust.State, node.Name);

    private TrustAnswer Hidden() => TrustAnswer.Refused(ServableOutcome.Hidden, $"no trust {Id}");
}
