using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Dtaas.Gateway;

/// <summary>
/// Forwards one dtApp request to a <see cref="ProxyDestination"/> with YARP's <see cref="IHttpForwarder"/> (bodies
/// streamed both ways, upgrades and WebSockets over HTTP/2 tunnelled, trailers copied), and turns what went wrong into
/// the gateway's one-line answers: 502 naming what could not be reached, 504 when response headers did not come in time.
/// </summary>
internal sealed class DtAppForwarder(IHttpForwarder forwarder, GatewayClients clients, ILogger<DtAppForwarder> logger)
{
    // Timeouts are the gateway's own (until response headers, restarted by request body reads); once the headers are in,
    // a body may stream or stay silent (server-sent events, gRPC streams) for as long as it takes.
    private static readonly ForwarderRequestConfig Http11 = new()
    {
        Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower, ActivityTimeout = Timeout.InfiniteTimeSpan,
    };

    // Overlay ingresses and h2c Services: cleartext HTTP/2 by prior knowledge, many requests multiplexed per connection.
    private static readonly ForwarderRequestConfig Http2 = Http11 with { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    // An HTTP/1.1 upgrade, or a WebSocket that came as an HTTP/2 extended CONNECT, leaves as an HTTP/1.1 upgrade.
    private static readonly ForwarderRequestConfig Upgrade = Http11 with { VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    public GatewayClients Clients => clients;

    public async Task ForwardAsync(HttpContext context, ProxyDestination destination, CancellationToken cancellationToken)
    {
        var isUpgrade = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
        var timeoutAfter = destination.Hop == ProxyHop.Service ? clients.Options.RequestTimeout : clients.Options.OverlayRequestTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutAfter);
        if (!isUpgrade && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            AllowStreamingBody(context);
            context.Request.Body = new BodyActivityStream(context.Request.Body, () => timeout.CancelAfter(timeoutAfter));
        }
        var address = isUpgrade && destination.Upgrades is { } upgrades ? upgrades : destination.Address;
        var config = isUpgrade ? Upgrade : destination.Http2 ? Http2 : Http11;
        var invoker = destination.Hop switch { ProxyHop.Overlay => clients.Overlay, ProxyHop.Splice => clients.Splice, _ => clients.Services };
        var transformer = new ForwardingTransformer(() => timeout.CancelAfter(Timeout.Infinite), destination.SplicedFrom);

        var error = await forwarder.SendAsync(context, Prefix(address), invoker, config, transformer, timeout.Token);
        if (error == ForwarderError.None || cancellationToken.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
        {
            return; // Done, or the client went away (or the gateway is stopping): nobody to answer.
        }
        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        if (context.Response.HasStarted)
        {
            // The status line is out; YARP broke the response off, the only honest signal left.
            logger.LogWarning("dtApp {AppId}: response from {Destination} broke off ({Error}): {Reason}",
                destination.AppId, destination.Description, error, exception?.Message);
            return;
        }
        if (error is ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled)
        {
            return; // The client's own body broke; YARP answered 400 to whoever is left.
        }
        var (status, reason) = timeout.IsCancellationRequested || error == ForwarderError.RequestTimedOut
            ? (StatusCodes.Status504GatewayTimeout, $"{destination.Description} did not answer within {timeoutAfter.TotalSeconds:0.###} s")
            : (StatusCodes.Status502BadGateway, Unreachable(destination, exception));
        logger.LogWarning("dtApp {AppId}: {Method} {Path} answered {Status}: {Reason}",
            destination.AppId, context.Request.Method, context.Request.Path.Value, status, reason);
        await PlainText.WriteAsync(context, status, reason, cancellationToken);
    }

    /// <summary>
    /// Kestrel's 30 MB default is for apps that read bodies into memory; this one streams. Its minimum data rate would
    /// end a streaming call whose client pauses between messages; the response timeout watches silence.
    /// </summary>
    private static void AllowStreamingBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
        {
            rate.MinDataRate = null;
        }
    }

    // YARP appends the request's path and query to the prefix.
    private static string Prefix(Uri address) => address.GetLeftPart(UriPartial.Authority) + address.AbsolutePath.TrimEnd('/');

    private string Unreachable(ProxyDestination destination, Exception? e)
    {
        // The innermost socket error says it best ("Connection refused", "No route to host").
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return $"cannot reach {destination.Description}: {socket.Message}";
            }
            if (inner is TimeoutException)
            {
                return $"cannot reach {destination.Description}: no connection within {clients.Options.ConnectTimeout.TotalSeconds:0.###} s";
            }
        }
        return e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
            ? $"cannot reach {destination.Description}: {e.Message}"
            : $"{destination.Description} failed: {e?.Message ?? "no answer"}";
    }
}
