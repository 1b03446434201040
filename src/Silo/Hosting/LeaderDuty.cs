using Dtaas.Grains.HostBound;
using Dtaas.Kubernetes.Election;
using Dtaas.Silo.Watching;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// What a replica does while it holds the node's Lease (<see cref="Leadership"/>'s lead callback): a clustered
/// replica stops keeping its caches itself and takes the host-bound work over; then the watcher bridge runs (and
/// keeps the caches) until the lease is lost, when the replica's own cache feed starts again. Meanwhile a clustered
/// leader keeps the overlay Service's Endpoints pointing at its pod (<paramref name="overlayEndpoints"/>), so peers'
/// WireGuard packets reach the host that holds the overlay.
/// </summary>
internal sealed class LeaderDuty(CacheFeed? feed, WatcherBridge bridge, IGrainFactory grains, NodeReadiness readiness, ILogger logger,
    LeaseHolder holder, LeaderEndpoints? overlayEndpoints = null)
{
    public async Task LeadAsync(CancellationToken token)
    {
        var pointing = overlayEndpoints?.KeepAsync(token) ?? Task.CompletedTask;
        if (feed is not null)
        {
            await feed.StopAsync();
            await ClaimHostWorkAsync(grains, holder, logger, token);
        }
        try
        {
            await bridge.RunAsync(readiness.Ready, token);
        }
        finally
        {
            feed?.Start();
            await pointing;
        }
    }

    /// <summary>
    /// The new leader activates its host-bound grain (keyed by its own identity, so placed on its own silo) at once,
    /// so it is in place before the first reconcile needs it.
    /// </summary>
    private static async Task ClaimHostWorkAsync(IGrainFactory grains, IHostWorkHolder holder, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await grains.HostWorkOfHolder(holder).WireGuardProblem(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next call activates it.
            logger.LogWarning("Host-bound work not taken over yet: {Reason}", e.Message);
        }
    }
}
