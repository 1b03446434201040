using Dtaas.Grains.HostBound;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// Places <see cref="LeaseHolderPlacement"/> grains on the active silo whose name is the grain's key: the identity of
/// the Lease holder the caller saw (<see cref="IHostWorkHolder"/>). Whichever silo places it, it lands on that holder.
/// While that silo is not active (it died and the Lease has not lapsed yet), the call fails with the reason and the
/// grain that made it tries again on its own schedule.
/// </summary>
internal sealed class LeaseHolderPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var identity = target.GrainIdentity.Key.ToString();
        var members = membership.CurrentSnapshot.Members;
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (members.TryGetValue(silo, out var member) && member.Status == SiloStatus.Active && member.Name == identity)
            {
                return Task.FromResult(silo);
            }
        }
        throw new OrleansException(
            $"The replica holding this node's Lease ({identity}) is not an active silo: overlays, pods and federation calls wait until another replica takes the Lease.");
    }
}
