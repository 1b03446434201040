using Dtaas.Kubernetes.Election;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// Shortens failover: the node's cluster declares a killed silo dead within seconds (missed probes), long before its
/// Lease lapses. When the silo named like the Lease holder is declared dead, its lease is broken so a standby takes it
/// at its next try. Safe because a silo declared dead stops as soon as it learns it, so it cannot keep leading.
/// </summary>
internal static class DeadHolderWatch
{
    public static async Task RunAsync(IClusterMembershipService membership, LeaseHolder holder, LeaseCampaign campaign,
        string self, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                if (holder.Identity is not { } leader || leader == self)
                {
                    continue;
                }
                // A replica restarted under the same identity is a live silo of that name: its lease stays.
                var named = snapshot.Members.Values.Where(m => m.Name == leader).ToList();
                if (named.Count > 0 && named.All(m => m.Status == SiloStatus.Dead))
                {
                    logger.LogInformation("The silo of lease holder {Holder} was declared dead: breaking its lease", leader);
                    await campaign.BreakAsync(leader, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo stops.
        }
    }
}
