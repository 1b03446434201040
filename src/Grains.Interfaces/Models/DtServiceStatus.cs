namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Values of <c>dtService.status</c>.</summary>
public static class DtServiceStatus
{
    public const string Pending = "Pending";
    public const string Connected = "Connected";
    public const string Failed = "Failed";
}
