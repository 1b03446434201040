using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Dtaas.Gateway;

/// <summary>
/// The dtApp side of a node's public gateway: a request whose Host is an app's goes to the app (here, or over the
/// overlay to its origin) whatever its path; every other request falls through to the gateway's own endpoints
/// (/healthz, the join endpoint), and <see cref="MapDtAppFallback"/> answers 404 for what matched nothing.
/// </summary>
public static class PublicIngress
{
    /// <summary>
    /// Install before the endpoints run (WebApplication runs middleware added here between routing and endpoints).
    /// The listener's services must hold YARP's forwarder (<c>services.AddHttpForwarder()</c>).
    /// </summary>
    public static IApplicationBuilder UseDtAppIngress(this IApplicationBuilder app, IAppDirectory directory, GatewayClients clients, GatewayMetrics metrics)
    {
        var loggerFactory = app.ApplicationServices.GetRequiredService<ILoggerFactory>();
        var origin = OriginProxy.Create(app.ApplicationServices.GetRequiredService<IHttpForwarder>(), clients, loggerFactory);
        var logger = loggerFactory.CreateLogger(typeof(PublicIngress));
        return app.Use(async (context, next) =>
        {
            // Every path of the public side (dtApps, servables, /v1, the join endpoint, the h2c listener) starts here.
            ClientHeaders.Scrub(context.Request);
            var target = directory.FindByHost(context.Request.Host.Host);
            if (target is null)
            {
                await next(context);
                return;
            }
            if (target is ServableTarget { Elsewhere: true })
            {
                // Any id under this node's name lands here: counted per app id, made-up hosts would grow the metrics without bound.
                await ServeAsync(context, target, directory, origin, logger, context.RequestAborted);
                return;
            }
            var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await ServeAsync(context, target, directory, origin, logger, context.RequestAborted);
            }
            finally
            {
                metrics.Record(target.AppId, GatewaySide.Public, context, startedAt);
            }
        });
    }

    /// <summary>The 404 for a request nothing else took (any path, any method).</summary>
    public static IEndpointConventionBuilder MapDtAppFallback(this IEndpointRouteBuilder endpoints) =>
        // "{*path}", not the default "{*path:nonfile}": /favicon.ico must get the same answer.
        endpoints.MapFallback("{*path}", context => PlainText.WriteAsync(context, StatusCodes.Status404NotFound,
            $"no dtApp at {context.Request.Host.Host}\n", context.RequestAborted));

    private static async Task ServeAsync(HttpContext context, AppTarget target, IAppDirectory directory, OriginProxy origin, ILogger logger,
        CancellationToken cancellationToken)
    {
        switch (target)
        {
            case LocalAppTarget local:
                await origin.ServeAsync(context, local.App, cancellationToken);
                break;
            case RemoteAppTarget remote when directory.OriginIngress(remote.OriginNodeId) is { } ingress:
                var description = $"origin node {remote.OriginName}";
                await origin.Forwarder.ForwardAsync(context,
                    await SplicedFromAsync(origin, ingress, remote.AppId, cancellationToken) is { } from
                        ? new ProxyDestination(remote.AppId, SpliceConnection.Address(remote.AppId, ingress.Splice!), description, ProxyHop.Splice, SplicedFrom: from)
                        : new ProxyDestination(remote.AppId, ingress.Http2, description, ProxyHop.Overlay, ingress.Http1, Http2: true),
                    cancellationToken);
                break;
            case ServableTarget servable:
                await ServeServableAsync(context, servable, directory, origin, logger, cancellationToken);
                break;
            case RemoteAppTarget remote:
                var reason = $"origin node {remote.OriginName} is not reachable over the overlay";
                logger.LogWarning("dtApp {AppId}: {Method} {Path} answered 502: {Reason}", remote.AppId, context.Request.Method, context.Request.Path.Value, reason);
                await PlainText.WriteAsync(context, StatusCodes.Status502BadGateway, reason, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unknown app target {target.GetType().Name}.");
        }
    }

    /// <summary>With <see cref="GatewayOptions.OverlaySplice"/>, the address this node splices the app to its origin from, if the origin splices it.</summary>
    private static ValueTask<System.Net.IPAddress?> SplicedFromAsync(OriginProxy origin, OverlayIngressAddress ingress, string appId, CancellationToken cancellationToken) =>
        origin.Forwarder.Clients.Options.OverlaySplice && ingress.Splice is { } splice
            ? origin.Forwarder.Clients.SpliceModes.SpliceFromAsync(splice, appId, cancellationToken)
            : ValueTask.FromResult<System.Net.IPAddress?>(null);

    /// <summary>
    /// A servable's request: the caller is the user of this node its bearer token names (a header claiming a user was
    /// dropped on the way in); the token stays here. Its own node decides on REQUEST: this one, or the member it is forwarded to.
    /// </summary>
    private static async Task ServeServableAsync(HttpContext context, ServableTarget target, IAppDirectory directory, OriginProxy origin, ILogger logger,
        CancellationToken cancellationToken)
    {
        var headers = context.Request.Headers;
        var authorization = headers.Authorization.ToString();
        var user = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization[7..].Trim() is { Length: > 0 } token
            ? await directory.UserOfTokenAsync(token, cancellationToken)
            : null;
        if (target.Elsewhere)
        {
            if (user is null || await directory.LocateServableAsync(target.ServableId, user, cancellationToken) is not { } located)
            {
                await PlainText.WriteAsync(context, StatusCodes.Status404NotFound, $"no dtApp at {context.Request.Host.Host}\n", cancellationToken);
                return;
            }
            target = located;
        }
        if (user is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await PlainText.WriteAsync(context, StatusCodes.Status401Unauthorized,
                "log in on this node (POST /v1/login) and send the token as Authorization: Bearer <token>\n", cancellationToken);
            return;
        }
        headers.Remove("Authorization");
        if (target.NodeId is null)
        {
            await ServeAuthorizedAsync(context, await directory.AuthorizeServableAsync(target.ServableId, user, null, cancellationToken), origin, cancellationToken);
            return;
        }
        if (directory.OriginIngress(target.NodeId) is not { } ingress)
        {
            var reason = $"node {target.NodeName} is not reachable over the overlay";
            logger.LogWarning("Servable {Id}: {Method} {Path} answered 502: {Reason}", target.ServableId, context.Request.Method, context.Request.Path.Value, reason);
            await PlainText.WriteAsync(context, StatusCodes.Status502BadGateway, reason, cancellationToken);
            return;
        }
        headers[ServableHeaders.User] = user.Username;
        headers[ServableHeaders.UserId] = user.UserId;
        await origin.Forwarder.ForwardAsync(context,
            new ProxyDestination(target.ServableId, ingress.Http2, $"node {target.NodeName}", ProxyHop.Overlay, ingress.Http1, Http2: true), cancellationToken);
    }

    /// <summary>What the servable's node decided: proxied to its Service, or the refusal with its reason.</summary>
    internal static Task ServeAuthorizedAsync(HttpContext context, ServableAccess access, OriginProxy origin, CancellationToken cancellationToken) =>
        access.App is { } app
            ? origin.ServeAsync(context, app, cancellationToken)
            : PlainText.WriteAsync(context, access.Status, $"{access.Reason}\n", cancellationToken);
}
