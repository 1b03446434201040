using Microsoft.AspNetCore.Http;

namespace Dtaas.Gateway;

/// <summary>
/// What a client may not say at the public gateway: every <c>X-Dtaas-*</c> header (only a member's gateway names a user,
/// over the overlay, for a servable) and X-Forwarded-For/Host/Proto (the edge writes them from the connection it
/// accepted; <see cref="ForwardedHeaders"/> then starts from nothing here, and a later hop appends to the edge's values).
/// </summary>
public static class ClientHeaders
{
    public const string DtaasPrefix = "X-Dtaas-";

    /// <summary>Removes them from <paramref name="request"/> before anything reads it.</summary>
    public static void Scrub(HttpRequest request)
    {
        Remove(request.Headers, name => IsDtaas(name) || name.Equals(ForwardedHeaders.For, StringComparison.OrdinalIgnoreCase)
            || name.Equals(ForwardedHeaders.Host, StringComparison.OrdinalIgnoreCase) || name.Equals(ForwardedHeaders.Proto, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Removes the <c>X-Dtaas-*</c> headers only (what a member may send along a dtApp request is not for the app).</summary>
    public static void ScrubDtaas(HttpRequest request) => Remove(request.Headers, IsDtaas);

    private static bool IsDtaas(string name) => name.StartsWith(DtaasPrefix, StringComparison.OrdinalIgnoreCase);

    private static void Remove(IHeaderDictionary headers, Func<string, bool> dropped)
    {
        foreach (var name in headers.Keys.Where(dropped).ToList())
        {
            headers.Remove(name);
        }
    }
}
