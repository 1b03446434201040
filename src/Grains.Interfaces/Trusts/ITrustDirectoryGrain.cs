using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>
/// The trusts as a user of this node reaches them (key: the namespace): those kept here, and through the federation
/// those kept on every member of every domain this node shares.
/// </summary>
[Alias("dtaas.TrustDirectoryGrain")]
public interface ITrustDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Drops from this node's trusts the principals and objects of nodes that share no domain with it any more.</summary>
    [Alias("ForgetDeparted")]
    Task ForgetDeparted(CancellationToken cancellationToken);

    /// <summary>The trusts of this node in which the caller is a trustee or member.</summary>
    [Alias("List")]
    Task<IReadOnlyList<TrustView>> List(VerifiedPrincipal caller, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="List"/> here and on every member of every domain this node shares (each asked once, for the caller,
    /// a user of this node), and the members that did not answer in time.
    /// </summary>
    [Alias("ListAcrossDomains")]
    Task<FederatedTrusts> ListAcrossDomains(VerifiedPrincipal caller, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="change"/> on trust <paramref name="trustId"/> for the caller, a user of this node, wherever the
    /// trust's home is. A link into a trust at another home is approved at the object's node first, for that home.
    /// </summary>
    [Alias("Change")]
    Task<TrustAnswer> Change(VerifiedPrincipal caller, string trustId, TrustChange change, CancellationToken cancellationToken);
}
