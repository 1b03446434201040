namespace Dtaas.Gateway;

/// <summary>
/// A servable's node deciding on one request: served as <paramref name="App"/> (its Service), or refused with
/// <paramref name="Status"/> (403 without REQUEST, 502 when it has no Service) and why.
/// </summary>
public sealed record ServableAccess(OriginApp? App, int Status, string? Reason)
{
    public static ServableAccess Allowed(OriginApp app) => new(app, 200, null);

    public static ServableAccess Refused(int status, string reason) => new(null, status, reason);
}
