using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>
/// One dtServable object on its node (key <c>namespace/name</c>). It alone decides what a principal holds on it (owner:
/// all seven; others: their direct grants) and answers every use of it with the verified caller as an argument, so a
/// call from another member is the same call with a principal the overlay admission verified.
/// </summary>
[Alias("dtaas.DtServableGrain")]
public interface IDtServableGrain : IReconciler
{
    /// <summary>Creates the object with <paramref name="owner"/> (a user of this node) as its owner and answers it with its id.</summary>
    [Alias("Create")]
    Task<ServableAnswer> Create(VerifiedPrincipal owner, ServableDraft draft, CancellationToken cancellationToken);

    /// <summary>Keeps only the grants to users of <paramref name="nodeNames"/> and the trust links of <paramref name="nodeIds"/> (the nodes this one shares a domain with, itself included).</summary>
    [Alias("Forget")]
    Task Forget(IReadOnlyList<string> nodeNames, IReadOnlyList<string> nodeIds, CancellationToken cancellationToken);

    /// <summary>Trust <paramref name="trustId"/> of node <paramref name="homeNodeId"/> links the object no more (unlinked or deleted): its approval goes.</summary>
    [Alias("Unlink")]
    Task Unlink(string homeNodeId, string trustId, CancellationToken cancellationToken);

    /// <summary>Does <paramref name="action"/> for <paramref name="caller"/> if it holds the capability the action needs.</summary>
    [Alias("Act")]
    Task<ServableAnswer> Act(VerifiedPrincipal caller, ServableAction action, CancellationToken cancellationToken);
}
