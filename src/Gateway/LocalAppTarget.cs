namespace Dtaas.Gateway;

/// <summary>The app's origin is this node: authenticate and proxy to its Service directly.</summary>
public sealed record LocalAppTarget(OriginApp App) : AppTarget(App.AppId);
