namespace Dtaas.Grains.HostBound;

/// <summary>
/// Which replica holds the node's Lease, as this silo last saw it (its Lease identity, also its silo's name), or null
/// when none does yet. The host-bound grain is keyed by it: each holder has its own, placed on its own silo, so a call
/// never reaches the grain of a replica that stopped leading because that grain is still registered somewhere.
/// </summary>
public interface IHostWorkHolder
{
    string? Identity { get; }
}
