using Dtaas.Kubernetes.Client;
using Dtaas.Kubernetes.LeaderElection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// One active silo per node: campaigns for the node's Lease and runs <paramref name="lead"/> while it holds it (the
/// watchers, hence the grains). A standby waits and takes over when the lease lapses.
/// </summary>
internal sealed class Leadership : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _campaign;
    private readonly ILogger _logger;
    private Task _leading = Task.CompletedTask;

    public Leadership(IKubernetesClient client, LeaderElectionOptions options, Func<CancellationToken, Task> lead, NodeReadiness readiness, ILoggerFactory loggerFactory)
    {
        _logger = loggerFactory.CreateLogger<Leadership>();
        var elector = new LeaderElector(client, options, logger: loggerFactory.CreateLogger<LeaderElector>());
        // The elector's handlers must not block: leading runs on its own task until the lease is lost.
        elector.OnStartedLeading += token => _leading = Task.Run(() => LeadAsync(lead, token));
        elector.OnStoppedLeading += () => readiness.NotReady("lost the lease; standing by");
        elector.OnNewLeader += leader =>
        {
            if (leader != options.Identity)
            {
                _logger.LogInformation("Standing by: {Leader} holds lease {Namespace}/{Lease}", leader, options.LeaseNamespace, options.LeaseName);
                readiness.Ready();
            }
        };
        _campaign = elector.RunAsync(_stop.Token);
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
        try
        {
            await _campaign;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        await _leading;
        _stop.Dispose();
    }
}
