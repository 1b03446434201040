using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>
/// The servables of one node by id (key: the namespace): what a caller may see of them, and the door to one of them.
/// This is what the federation half calls on each member with the principal it verified.
/// </summary>
[Alias("dtaas.ServableDirectoryGrain")]
public interface IServableDirectoryGrain : IGrainWithStringKey
{
    /// <summary>This node's servables of <paramref name="type"/> on which the caller holds at least one capability, as list items (no details).</summary>
    [Alias("List")]
    Task<IReadOnlyList<ServableView>> List(VerifiedPrincipal caller, string type, CancellationToken cancellationToken);

    /// <summary>
    /// The list across the node's domains: <see cref="List"/> here and on every member of every domain this node shares
    /// (each member asked once, the caller's user as this node speaks for it), and the members that did not answer in time.
    /// </summary>
    [Alias("ListAcrossDomains")]
    Task<FederatedServables> ListAcrossDomains(VerifiedPrincipal caller, string type, CancellationToken cancellationToken);

    /// <summary>
    /// Drops what involves nodes that share no domain with this one any more (they left or were removed): grants to
    /// their users and links into their trusts. Rejoining restores none of it.
    /// </summary>
    [Alias("ForgetDeparted")]
    Task ForgetDeparted(CancellationToken cancellationToken);

    /// <summary>
    /// Trust <paramref name="trustId"/> of node <paramref name="homeNodeId"/> links <paramref name="objectIds"/> no more
    /// (all this node's objects when null: the trust was deleted): their approvals of it go, so a link again needs a new one.
    /// </summary>
    [Alias("Unlinked")]
    Task Unlinked(string homeNodeId, string trustId, IReadOnlyList<string>? objectIds, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="action"/> on the servable with id <paramref name="id"/> (and of <paramref name="type"/> when given);
    /// <see cref="ServableOutcome.Hidden"/> when there is none or the caller may not know of it. For a user of this node,
    /// a read, grant or revoke of another member's servable goes to that member, which decides (the view then carries
    /// the URI under this node's name, where this node's gateway serves it).
    /// </summary>
    [Alias("Act")]
    Task<ServableAnswer> Act(VerifiedPrincipal caller, string? type, string id, ServableAction action, CancellationToken cancellationToken);

    /// <summary>
    /// The member holding servable <paramref name="id"/> that this node's user <paramref name="caller"/> may know of
    /// (asked of every member); null when none, or more than one, claims it.
    /// </summary>
    [Alias("Locate")]
    Task<ServableLocation?> Locate(VerifiedPrincipal caller, string id, CancellationToken cancellationToken);
}
