namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Values of <c>dtUser.status</c> (on the home node).</summary>
public static class DtUserStatus
{
    public const string Ready = "Ready";
    public const string Failed = "Failed";
}
