namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Values of <c>dtDomain.status</c>. Kept as strings so an unknown value written by hand still reads.</summary>
public static class DtDomainStatus
{
    public const string Pending = "Pending";
    public const string Joining = "Joining";
    public const string Ready = "Ready";
    public const string Failed = "Failed";
    public const string Removed = "Removed";
}
