using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Dtaas.Gateway;

/// <summary>
/// A node's ingress for its own apps on the overlay address: other members' public gateways forward here. The caller
/// is known by its overlay source address (WireGuard authenticated it), so only members of a domain an app is shared
/// with reach it; authentication (Custom) and the proxy to the Service run here, at the origin.
/// </summary>
public sealed class OverlayIngress : IAsyncDisposable
{
    /// <summary>Cleartext HTTP/2 (prior knowledge): every normal request, multiplexed.</summary>
    public const int Http2Port = 7481;

    /// <summary>HTTP/1.1: upgrades (WebSocket, whether the client spoke HTTP/1.1 or HTTP/2 extended CONNECT), forwarded as HTTP/1.1 upgrades.</summary>
    public const int Http1Port = 7482;

    private readonly KestrelListener _http2;
    private readonly KestrelListener _http1;

    private OverlayIngress(KestrelListener http2, KestrelListener http1)
    {
        _http2 = http2;
        _http1 = http1;
        Address = new OverlayIngressAddress(http2.Address, http1.Address);
    }

    /// <summary>The bound addresses (real ports when the endpoints said 0).</summary>
    public OverlayIngressAddress Address { get; }

    /// <summary>
    /// Listens on <paramref name="http2Endpoint"/> (normally overlay address:<see cref="Http2Port"/>) and
    /// <paramref name="http1Endpoint"/> (:<see cref="Http1Port"/>). <paramref name="callerOf"/> maps a connection's
    /// source address to the member node id it belongs to, or null.
    /// </summary>
    public static async Task<OverlayIngress> StartAsync(IPEndPoint http2Endpoint, IPEndPoint http1Endpoint, Func<IPAddress, string?> callerOf,
        IAppDirectory directory, GatewayClients clients, GatewayMetrics metrics, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<OverlayIngress>();
        void Serve(WebApplication app)
        {
            var origin = OriginProxy.Create(app.Services.GetRequiredService<IHttpForwarder>(), clients, loggerFactory);
            app.Run(context => ServeAsync(context, callerOf, directory, origin, metrics, logger, context.RequestAborted));
        }
        var http2 = await KestrelListener.StartAsync(http2Endpoint, HttpProtocols.Http2, loggerFactory, Configure, Serve, cancellationToken);
        try
        {
            var http1 = await KestrelListener.StartAsync(http1Endpoint, HttpProtocols.Http1, loggerFactory, Configure, Serve, cancellationToken);
            return new OverlayIngress(http2, http1);
        }
        catch
        {
            await http2.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _http2.DisposeAsync();
        await _http1.DisposeAsync();
    }

    private static void Configure(IServiceCollection services) =>
        services.AddHttpForwarder().Configure<KestrelServerOptions>(kestrel =>
        {
            // Many requests of many users share one connection between two nodes, over links with real latency:
            // Kestrel's small default windows (96 KB a stream) would cap each transfer at window/RTT.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 1024 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });

    private static async Task ServeAsync(HttpContext context, Func<IPAddress, string?> callerOf, IAppDirectory directory, OriginProxy origin,
        GatewayMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is { IsIPv4MappedToIPv6: true })
        {
            remote = remote.MapToIPv4();
        }
        var caller = remote is null ? null : callerOf(remote);
        if (caller is null)
        {
            logger.LogWarning("Overlay ingress: {Method} {Host}{Path} from {Remote} refused: not a member",
                context.Request.Method, context.Request.Host.Value, context.Request.Path.Value, remote);
            await PlainText.WriteAsync(context, StatusCodes.Status403Forbidden, "not a member\n", cancellationToken);
            return;
        }
        var host = context.Request.Host.Host;
        var dot = host.IndexOf('.');
        var appId = (dot < 0 ? host : host[..dot]).ToLowerInvariant();
        // What is served decides how: a dtApp shared with the caller is proxied as one (whatever headers came along); anything
        // else may only be a servable, whose request names the calling member's user, which that member verified.
        if (directory.FindOrigin(appId, caller) is not { } app)
        {
            if (context.Request.Headers[ServableHeaders.User].ToString() is { Length: > 0 } username)
            {
                var user = new ServableUser(username, context.Request.Headers[ServableHeaders.UserId].ToString());
                ClientHeaders.ScrubDtaas(context.Request);
                var servableStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    await PublicIngress.ServeAuthorizedAsync(context, await directory.AuthorizeServableAsync(appId, user, caller, cancellationToken), origin,
                        cancellationToken);
                }
                finally
                {
                    metrics.Record(appId, GatewaySide.Origin, context, servableStarted);
                }
                return;
            }
            logger.LogWarning("Overlay ingress: {Method} {Host}{Path} from node {Caller}: no such app shared with it",
                context.Request.Method, context.Request.Host.Value, context.Request.Path.Value, caller);
            await PlainText.WriteAsync(context, StatusCodes.Status404NotFound, $"no dtApp {appId} here that node {caller} may use\n", cancellationToken);
            return;
        }
        ClientHeaders.ScrubDtaas(context.Request);
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await origin.ServeAsync(context, app, cancellationToken);
        }
        finally
        {
            metrics.Record(app.AppId, GatewaySide.Origin, context, startedAt);
        }
    }
}
