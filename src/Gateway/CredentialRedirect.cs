using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Gateway;

/// <summary>
/// A plain listener of a gateway that also speaks TLS never processes a credential beyond loopback: <c>/v1/login</c>
/// (a password) and every <c>/v1</c> call carrying a token (an Authorization header) get 308 to the same path on the
/// TLS port, before the body is read. 308 keeps the method and body, so a client that follows it logs in over TLS.
/// Loopback callers (local tools, tests) keep plain HTTP; dtApp traffic is the ingress's and never gets here.
/// </summary>
public static class CredentialRedirect
{
    /// <summary>Install after the dtApp ingress, on the plain listeners only.</summary>
    public static IApplicationBuilder UseCredentialRedirect(this IApplicationBuilder app, Func<int> tlsPort) =>
        app.Use(async (context, next) =>
        {
            if (!Applies(context.Request, context.Connection.RemoteIpAddress))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = Location(context.Request, context.Connection.LocalIpAddress, tlsPort());
        });

    public static bool Applies(HttpRequest request, IPAddress? remote) =>
        (remote is null || !IPAddress.IsLoopback(remote)) &&
        (request.Path.StartsWithSegments("/v1/login") ||
            request.Path.StartsWithSegments("/v1") && request.Headers.Authorization.Count > 0);

    /// <summary>
    /// The request's own host (the name the client dialled; the local address without a Host header) with the TLS
    /// listener's port: whatever port the plain request came in on, the TLS one is what the listener bound.
    /// </summary>
    public static string Location(HttpRequest request, IPAddress? local, int tlsPort)
    {
        var host = request.Host.HasValue && request.Host.Host.Length > 0 ? request.Host.Host
            : local is null ? "localhost"
            : local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local}]"
            : local.ToString();
        return $"https://{new HostString(host, tlsPort)}{request.PathBase}{request.Path}{request.QueryString}";
    }
}
