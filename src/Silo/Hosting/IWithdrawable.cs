namespace Dtaas.Silo.Hosting;

/// <summary>
/// Host-bound work a replica gives up when it stops leading (<see cref="HostWorkFence"/>): everything it made on this
/// host is removed and nothing new is made until it leads again.
/// </summary>
public interface IWithdrawable
{
    /// <summary>Removes what this host holds and refuses new work until <see cref="Resume"/>.</summary>
    Task WithdrawAsync(CancellationToken cancellationToken);

    /// <summary>Accepts work again (this replica leads).</summary>
    void Resume();
}
