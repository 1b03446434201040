namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Values of <c>dtApp.spec.authenticationType</c>.</summary>
public static class DtAppAuthenticationType
{
    public const string None = "None";
    public const string Custom = "Custom";
}
