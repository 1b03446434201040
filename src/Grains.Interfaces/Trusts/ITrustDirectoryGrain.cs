using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>The trusts kept on this node (key: the namespace), as a caller may see them.</summary>
[Alias("dtaas.TrustDirectoryGrain")]
public interface ITrustDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The trusts of this node in which the caller is a trustee or member.</summary>
    /// <summary>Drops from this node's trusts the principals and objects of nodes that share no domain with it any more.</summary>
    [Alias("ForgetDeparted")]
    Task ForgetDeparted(CancellationToken cancellationToken);

    [Alias("List")]
    Task<IReadOnlyList<TrustView>> List(VerifiedPrincipal caller, CancellationToken cancellationToken);
}
