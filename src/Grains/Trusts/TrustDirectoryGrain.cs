using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Trusts;

/// <summary>Finds this node's trusts in the caches. Stateless: any silo answers, many at once.</summary>
[StatelessWorker]
public sealed class TrustDirectoryGrain(NodeDescription node, ILocalObjects objects) : Grain, ITrustDirectoryGrain
{
    public async Task ForgetDeparted(CancellationToken cancellationToken)
    {
        await objects.SyncedAsync(cancellationToken);
        var ns = this.GetPrimaryKeyString();
        var known = KnownNodes.Of(objects.Domains().Where(d => d.Metadata.Namespace == ns), node.Id, node.Name);
        foreach (var trust in objects.Trusts().Where(t => t.Metadata.Namespace == ns && !TrustObjects.Within(t, known.Names)))
        {
            await GrainFactory.GetGrain<ITrustGrain>($"{ns}/{trust.Metadata.Name}").Forget(known.Names, cancellationToken);
        }
    }

    public Task<IReadOnlyList<TrustView>> List(VerifiedPrincipal caller, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TrustView>>([.. objects.Trusts()
            .Where(t => t.Metadata.Namespace == this.GetPrimaryKeyString() && TrustObjects.Knows(t, caller.Principal))
            .OrderBy(t => t.Metadata.Name, StringComparer.Ordinal)
            .Select(t => TrustObjects.View(t, node.Name))]);
}
