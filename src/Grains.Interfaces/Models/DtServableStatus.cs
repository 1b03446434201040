namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Values of <c>dtServable.status</c>.</summary>
public static class DtServableStatus
{
    public const string Ready = "Ready";
    public const string Failed = "Failed";
}
