using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>The trusts kept on this node (key: the namespace), as a caller may see them.</summary>
[Alias("dtaas.TrustDirectoryGrain")]
public interface ITrustDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The trusts of this node in which the caller is a trustee or member.</summary>
    [Alias("List")]
    Task<IReadOnlyList<TrustView>> List(VerifiedPrincipal caller, CancellationToken cancellationToken);
}
