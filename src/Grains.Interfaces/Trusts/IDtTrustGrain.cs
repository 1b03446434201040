using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>
/// One dtTrust on its home node (key <c>namespace/id</c>). Only its trustees change it; it tells every node holding
/// one of its objects who is in it, at once on a change and again on a schedule, so those nodes decide with it.
/// </summary>
[Alias("dtaas.TrustGrain")]
public interface IDtTrustGrain : IReconciler
{
    /// <summary>Creates the trust named <paramref name="name"/> with <paramref name="creator"/> (a user of this node) as its first trustee.</summary>
    [Alias("Create")]
    Task<TrustAnswer> Create(VerifiedPrincipal creator, string name, CancellationToken cancellationToken);

    /// <summary>The trust, for a trustee or member; hidden from anyone else.</summary>
    [Alias("View")]
    Task<TrustAnswer> View(VerifiedPrincipal caller, CancellationToken cancellationToken);

    [Alias("Delete")]
    Task<TrustAnswer> Delete(VerifiedPrincipal caller, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="principal"/> as a member, or as a trustee when <paramref name="trustee"/>.</summary>
    [Alias("AddMember")]
    Task<TrustAnswer> AddMember(VerifiedPrincipal caller, Principal principal, bool trustee, CancellationToken cancellationToken);

    [Alias("RemoveMember")]
    Task<TrustAnswer> RemoveMember(VerifiedPrincipal caller, Principal principal, CancellationToken cancellationToken);

    /// <summary>Links object <paramref name="objectId"/> of node <paramref name="nodeName"/>; that node approves it (the caller holds MANAGE there).</summary>
    [Alias("LinkObject")]
    Task<TrustAnswer> LinkObject(VerifiedPrincipal caller, string nodeName, string objectId, Capability capabilities, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps only the trustees, members and objects of the nodes sharing a domain with this one: principals by their
    /// node id in <paramref name="nodeIds"/> where the trust kept one, else by name in <paramref name="nodeNames"/>.
    /// </summary>
    [Alias("Forget")]
    Task Forget(IReadOnlyList<string> nodeNames, IReadOnlyList<string> nodeIds, CancellationToken cancellationToken);

    [Alias("UnlinkObject")]
    Task<TrustAnswer> UnlinkObject(VerifiedPrincipal caller, string objectId, CancellationToken cancellationToken);
}
