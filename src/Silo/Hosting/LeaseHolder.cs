namespace Dtaas.Silo.Hosting;

/// <summary>
/// Which replica of the node holds its Lease, as this silo last saw it (the holder's identity, which is also its
/// silo's name in the memberList table). Host-bound work is placed on that silo.
/// </summary>
public sealed class LeaseHolder : Grains.HostBound.IHostWorkHolder
{
    private string? _identity;

    public string? Identity => Volatile.Read(ref _identity);

    public void Set(string identity) => Volatile.Write(ref _identity, identity);

    /// <summary>Forgets <paramref name="identity"/> as the holder (this replica stopped leading); a holder seen since stays.</summary>
    public void Clear(string identity) => Interlocked.CompareExchange(ref _identity, null, identity);
}
