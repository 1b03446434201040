namespace Dtaas.Grains.HostBound;

/// <summary>
/// Whether this host may do host-bound work now: while its replica leads. A leader that can no longer renew the
/// node's Lease closes it before another replica may take the Lease (fencing), so two hosts never hold the overlay.
/// </summary>
public interface IHostWorkGate
{
    bool IsOpen { get; }
}
