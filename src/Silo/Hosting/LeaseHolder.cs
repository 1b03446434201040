namespace Dtaas.Silo.Hosting;

/// <summary>
/// Which replica of the node holds its Lease, as this silo last saw it (the holder's identity, which is also its
/// silo's name in the memberList table). Host-bound work is placed on that silo.
/// </summary>
public sealed class LeaseHolder
{
    private volatile string? _identity;

    public string? Identity => _identity;

    public void Set(string identity) => _identity = identity;
}
