using System.Net;
using Dtaas.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Dtaas.Silo.Replicas;

/// <summary>
/// A standby replica's gateway serves what it can itself (this node's apps and servables, /v1, the join endpoint,
/// /healthz: grains and caches answer on any replica) and forwards to the Lease holder's replica listener exactly what
/// goes over the overlay, which only the holder's host carries: other members' apps and servables. The hop is HTTP/2
/// over mutual TLS (<see cref="ReplicaTls"/>) and names the original caller (<see cref="ReplicaCaller"/>).
/// </summary>
public static class StandbyForwarding
{
    private static readonly ForwarderRequestConfig Http2 = new()
    {
        Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower, ActivityTimeout = Timeout.InfiniteTimeSpan,
    };

    // An upgrade (WebSocket) goes on as an HTTP/1.1 upgrade, as the gateway's own forwarder sends it.
    private static readonly ForwarderRequestConfig Upgrade = new()
    {
        Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact, ActivityTimeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Whether a request for <paramref name="target"/> (null: no app's host) needs the overlay: an app whose origin is
    /// another member, a servable of another member, or an id under this node's name it does not hold, which the
    /// caller's token may find on a member (without a token it is no app anywhere, which this replica says itself).
    /// </summary>
    public static bool NeedsHolder(AppTarget? target, HttpRequest request) => target switch
    {
        RemoteAppTarget => true,
        ServableTarget { NodeId: not null } => true,
        ServableTarget { Elsewhere: true } => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>Install on a public listener, before the dtApp ingress; the listener's services hold YARP's forwarder.</summary>
    public static IApplicationBuilder UseStandbyForwarding(this IApplicationBuilder app, IAppDirectory directory, HolderReplica holder, HttpMessageInvoker replicas)
    {
        var forwarder = app.ApplicationServices.GetRequiredService<IHttpForwarder>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StandbyForwarding));
        return app.Use(async (context, next) =>
        {
            // Before anything reads the request: no public caller names another (the ingress scrubs again, harmlessly).
            ClientHeaders.Scrub(context.Request);
            if (holder.IsHolder || !NeedsHolder(directory.FindByHost(context.Request.Host.Host), context.Request))
            {
                await next(context);
                return;
            }
            await ForwardAsync(context, holder, forwarder, replicas, logger);
        });
    }

    private static async Task ForwardAsync(HttpContext context, HolderReplica holder, IHttpForwarder forwarder, HttpMessageInvoker replicas, ILogger logger)
    {
        var cancellationToken = context.RequestAborted;
        if (holder.Listener is not { } listener)
        {
            var reason = holder.Identity is { } identity
                ? $"this replica stands by and the Lease holder ({identity}) is not reachable yet; try again shortly"
                : "no replica of this node holds its Lease yet; try again shortly";
            logger.LogWarning("{Host}: {Method} {Path} answered 503: {Reason}", context.Request.Host.Host, context.Request.Method, context.Request.Path.Value, reason);
            context.Response.Headers.RetryAfter = "2";
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, reason, cancellationToken);
            return;
        }
        var isUpgrade = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
        if (!isUpgrade)
        {
            // The holder streams the body on; this hop must not cap it (Kestrel's 30 MB) or time out a pausing sender.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }
            if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            {
                rate.MinDataRate = null;
            }
        }
        var error = await forwarder.SendAsync(context, $"https://{listener}", replicas, isUpgrade ? Upgrade : Http2, ReplicaHopTransformer.Instance, cancellationToken);
        if (error == ForwarderError.None || cancellationToken.IsCancellationRequested || error is ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled)
        {
            return;
        }
        var problem = context.Features.Get<IForwarderErrorFeature>()?.Exception?.Message ?? error.ToString();
        logger.LogWarning("{Host}: {Method} {Path} to the Lease holder's replica listener {Listener} failed ({Error}): {Reason}",
            context.Request.Host.Host, context.Request.Method, context.Request.Path.Value, listener, error, problem);
        if (!context.Response.HasStarted)
        {
            await WriteAsync(context, StatusCodes.Status502BadGateway, $"cannot reach the Lease holder's replica at {listener}: {problem}", cancellationToken);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string text, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text + "\n", cancellationToken);
    }
}
