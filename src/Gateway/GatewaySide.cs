namespace Dtaas.Gateway;

/// <summary>Where a dtApp request is counted: where a user sent it, or at the app's origin node.</summary>
public enum GatewaySide
{
    Public,
    Origin,
}
