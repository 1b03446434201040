namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Values of <c>dtApp.status</c>: absent while the app is served (as the seed shows it), <c>Failed</c> when not.</summary>
public static class DtAppStatus
{
    public const string Failed = "Failed";
}
