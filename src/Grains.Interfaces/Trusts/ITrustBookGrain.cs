using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>
/// The trusts other nodes (and this one) hold on this node's objects (key: the namespace), as their home nodes last
/// told it. Each is honoured for a while after it was told (fail closed: a home node cut off stops counting).
/// </summary>
[Alias("dtaas.TrustBookGrain")]
public interface ITrustBookGrain : IGrainWithStringKey
{
    /// <summary>The home node of <paramref name="set"/> (verified by the caller) tells its current state; a lower version than held is ignored.</summary>
    [Alias("Apply")]
    Task Apply(TrustedSet set, CancellationToken cancellationToken);

    /// <summary>The home node deleted the trust: it counts no more.</summary>
    [Alias("Withdraw")]
    Task Withdraw(string homeNodeId, string trustId, CancellationToken cancellationToken);

    /// <summary>The trusts told recently enough to count.</summary>
    [Alias("Live")]
    Task<IReadOnlyList<TrustedSet>> Live(CancellationToken cancellationToken);
}
