using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Trusts;

/// <summary>
/// The trusts on this node's objects as their home nodes last told them, kept in memory only: after a restart a trust
/// counts again at its home's next refresh (at most <see cref="FederationSettings.TrustRefresh"/>), which errs on the
/// closed side. A trust not told for <see cref="FederationSettings.TrustLease"/> counts no more. An object the trust
/// links no more (or a trust deleted) loses its approval on the object too, so linking it again needs a new one.
/// </summary>
[Reentrant]
public sealed class TrustBookGrain(
    FederationSettings settings,
    [FromKeyedServices(GrainClock.Key)] TimeProvider clock,
    ILogger<TrustBookGrain> logger) : Grain, ITrustBookGrain
{
    private readonly Dictionary<(string Home, string Trust), (TrustedSet Set, DateTimeOffset Told)> _trusts = [];

    public async Task Apply(TrustedSet set, CancellationToken cancellationToken)
    {
        var key = (set.HomeNodeId, set.TrustId);
        if (_trusts.TryGetValue(key, out var held) && held.Set.Version > set.Version)
        {
            return;
        }
        // Before the new set is kept: should this fail, the home's next telling finds the same difference.
        if (held.Set?.ObjectIds.Except(set.ObjectIds).ToList() is { Count: > 0 } unlinked)
        {
            await Servables.Unlinked(set.HomeNodeId, set.TrustId, unlinked, cancellationToken);
        }
        if (held.Set?.Version != set.Version)
        {
            logger.LogInformation("Trust {Trust} of node {Home} in {Namespace}: version {Version}, {Members} member(s), {Trustees} trustee(s), {Objects} object(s) here",
                set.TrustId, set.HomeNodeId, this.GetPrimaryKeyString(), set.Version, set.Members.Count, set.Trustees.Count, set.ObjectIds.Count);
        }
        _trusts[key] = (set, clock.GetUtcNow());
    }

    public async Task Withdraw(string homeNodeId, string trustId, CancellationToken cancellationToken)
    {
        await Servables.Unlinked(homeNodeId, trustId, null, cancellationToken);
        if (_trusts.Remove((homeNodeId, trustId)))
        {
            logger.LogInformation("Trust {Trust} of node {Home} in {Namespace}: deleted", trustId, homeNodeId, this.GetPrimaryKeyString());
        }
    }

    private IServableDirectoryGrain Servables => GrainFactory.GetGrain<IServableDirectoryGrain>(this.GetPrimaryKeyString());

    public Task<IReadOnlyList<TrustedSet>> Live(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult<IReadOnlyList<TrustedSet>>([.. _trusts.Values.Where(t => now - t.Told < settings.TrustLease).Select(t => t.Set)]);
    }
}
