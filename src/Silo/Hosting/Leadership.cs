using Dtaas.Kubernetes.Election;
using k8s;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// One leading replica per node: campaigns for the node's Lease and runs <paramref name="lead"/> while it holds it (the
/// watchers, hence the grains); host-bound work goes to the holder it last saw. A standby waits and takes over when
/// the lease lapses, or at once when the holder's silo is declared dead (clustered replicas). With several replicas
/// the host-bound work follows leadership through <paramref name="fence"/>: opened before the leader's work starts,
/// closed (the host's overlays and pod interfaces removed) as soon as leadership ends, fenced or lost.
/// </summary>
internal sealed class Leadership : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _campaign;
    private readonly Task _deadHolderWatch = Task.CompletedTask;
    private readonly ILogger _logger;
    private Task _leading = Task.CompletedTask;
    private Task _withdrawing = Task.CompletedTask;

    public Leadership(IKubernetes api, LeaseCampaignOptions options, Func<CancellationToken, Task> lead, NodeReadiness readiness, LeaseHolder holder,
        IClusterMembershipService? membership, ILoggerFactory loggerFactory, HostWorkFence? fence = null)
    {
        _logger = loggerFactory.CreateLogger<Leadership>();
        var campaign = new LeaseCampaign(api, options, loggerFactory.CreateLogger<LeaseCampaign>());
        // The campaign's handlers must not block: leading runs on its own task until the lease is lost.
        campaign.OnStartedLeading += token =>
        {
            holder.Set(options.Identity);
            // A term that ended just before (fenced, then the Lease won back) finishes first: its last step starts the
            // standby's cache feed again, which must not run beside this term's watchers.
            var previous = _leading;
            _leading = Task.Run(async () =>
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (fence is not null)
                {
                    await fence.OpenAsync(token);
                }
                await LeadAsync(lead, token);
            });
        };
        campaign.OnStoppedLeading += () =>
        {
            readiness.NotReady("lost the lease; standing by");
            if (fence is not null)
            {
                // Not this host any more, as far as this replica can tell, until it sees who took the Lease.
                holder.Clear(options.Identity);
                _withdrawing = fence.CloseAsync(CancellationToken.None);
            }
        };
        campaign.OnNewLeader += leader =>
        {
            holder.Set(leader);
            if (leader != options.Identity)
            {
                _logger.LogInformation("Standing by: {Leader} holds lease {Namespace}/{Lease}", leader, options.LeaseNamespace, options.LeaseName);
                readiness.Ready();
            }
        };
        _campaign = campaign.RunAsync(_stop.Token);
        if (membership is not null)
        {
            _deadHolderWatch = DeadHolderWatch.RunAsync(membership, holder, campaign, options.Identity, _logger, _stop.Token);
        }
    }

    private async Task LeadAsync(Func<CancellationToken, Task> lead, CancellationToken token)
    {
        try
        {
            await lead(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Leadership ended.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The leader's work failed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _campaign;
        await _deadHolderWatch;
        await _leading;
        await _withdrawing;
        _stop.Dispose();
    }
}
