using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Gateway;

/// <summary>
/// The dtApp side of a node's public gateway: a request whose Host is an app's goes to the app (here, or over the
/// overlay to its origin) whatever its path; every other request falls through to the gateway's own endpoints
/// (/healthz, the join endpoint), and <see cref="MapDtAppFallback"/> answers 404 for what matched nothing.
/// </summary>
public static class PublicIngress
{
    /// <summary>Install before the endpoints run (WebApplication runs middleware added here between routing and endpoints).</summary>
    public static IApplicationBuilder UseDtAppIngress(this IApplicationBuilder app, IAppDirectory directory, GatewayClients clients, GatewayMetrics metrics)
    {
        var loggerFactory = app.ApplicationServices.GetRequiredService<ILoggerFactory>();
        var origin = OriginProxy.Create(clients, loggerFactory);
        var logger = loggerFactory.CreateLogger(typeof(PublicIngress));
        return app.Use(async (context, next) =>
        {
            var target = directory.FindByHost(context.Request.Host.Host);
            if (target is null)
            {
                await next(context);
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
                await origin.Forwarder.ForwardAsync(context,
                    new ProxyDestination(remote.AppId, ingress.Http2, $"origin node {remote.OriginName}", ProxyHop.Overlay, ingress.Http1, Http2: true),
                    cancellationToken);
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
}
