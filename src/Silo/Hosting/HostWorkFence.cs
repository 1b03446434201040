using Dtaas.Grains.HostBound;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The gate of this host's host-bound work on a node of several replicas: open while this replica leads; when it
/// stops leading (the Lease lost, or fenced: not renewed within the renew deadline, 5 s before another replica may
/// take the Lease) it closes at once and the overlays with their listeners and the pods' interfaces are removed from
/// this host, so never two hosts hold them. Opening waits for a withdrawal still running.
/// </summary>
public sealed class HostWorkFence(IReadOnlyList<IWithdrawable> work, ILogger<HostWorkFence> logger) : IHostWorkGate
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private volatile bool _open;

    public bool IsOpen => _open;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            foreach (var item in work)
            {
                item.Resume();
            }
            _open = true;
            logger.LogInformation("Host-bound work admitted on this host: this replica leads");
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Closes the gate before it first yields, then removes the host-bound work.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        _open = false;
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (_open)
            {
                return;
            }
            foreach (var item in work)
            {
                try
                {
                    await item.WithdrawAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not remove this host's {Work} after leadership ended", item.GetType().Name);
                }
            }
            logger.LogInformation("Host-bound work withdrawn from this host: overlays, their listeners and pod interfaces removed");
        }
        finally
        {
            _turn.Release();
        }
    }
}
