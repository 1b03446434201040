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
    LeaderEndpoints? overlayEndpoints = null)
{
    public async Task LeadAsync(CancellationToken token)
    {
        var pointing = overlayEndpoints?.KeepAsync(token) ?? Task.CompletedTask;
        if (feed is not null)
        {
            await feed.StopAsync();
            await ClaimHostWorkAsync(grains, logger, token);
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
    /// The new leader activates the host-bound grain on its own silo at once, so the other replicas find it there
    /// instead of each placing it (which needs them to have seen the new holder already).
    /// </summary>
    private static async Task ClaimHostWorkAsync(IGrainFactory grains, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IHostWorkGrain>(IHostWorkGrain.Key).WireGuardProblem(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Still on the old holder, which is not declared dead yet: the next call places it here.
            logger.LogWarning("Host-bound work not taken over yet: {Reason}", e.Message);
        }
    }
}
