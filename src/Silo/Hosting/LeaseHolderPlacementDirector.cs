using Dtaas.Grains.HostBound;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// Places <see cref="LeaseHolderPlacement"/> grains on the active silo whose name is the Lease holder's identity. While
/// no active silo holds the Lease (the holder died and the Lease has not lapsed yet), the call fails with the reason
/// and the grain that made it tries again on its own schedule.
/// </summary>
internal sealed class LeaseHolderPlacementDirector(LeaseHolder holder, IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var identity = holder.Identity;
        var members = membership.CurrentSnapshot.Members;
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (members.TryGetValue(silo, out var member) && member.Status == SiloStatus.Active && member.Name == identity)
            {
                return Task.FromResult(silo);
            }
        }
        throw new OrleansException(identity is null
            ? "No replica of this node holds its Lease yet: overlays, pods and federation calls wait for the leader."
            : $"The replica holding this node's Lease ({identity}) is not an active silo: overlays, pods and federation calls wait until another replica takes the Lease.");
    }
}
