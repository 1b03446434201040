using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Dtaas.Gateway;

/// <summary>
/// Forwards one request to a destination and its response back, streaming both bodies (nothing is buffered whole,
/// so large uploads and downloads cost a buffer, not their size), and carries HTTP/1.1 upgrades (WebSocket) as an
/// opaque byte stream in both directions.
/// </summary>
internal sealed class HttpForwarder(GatewayClients clients, ILogger<HttpForwarder> logger)
{
    public async Task ForwardAsync(HttpContext context, ProxyDestination destination, CancellationToken cancellationToken)
    {
        var upgradeFeature = context.Features.Get<IHttpUpgradeFeature>();
        var isUpgrade = upgradeFeature is { IsUpgradableRequest: true } && context.Request.Headers.ContainsKey(HeaderNames.Upgrade);
        var timeoutAfter = destination.Hop == ProxyHop.Overlay ? clients.Options.OverlayRequestTimeout : clients.Options.RequestTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var request = CreateRequest(context, destination, isUpgrade, () => timeout.CancelAfter(timeoutAfter));
        var invoker = destination.Hop == ProxyHop.Overlay ? clients.Overlay : clients.Services;

        HttpResponseMessage response;
        timeout.CancelAfter(timeoutAfter);
        try
        {
            response = await invoker.SendAsync(request, timeout.Token);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return; // The client went away (or the gateway is stopping): nobody to answer.
        }
        catch (Exception e) when (timeout.IsCancellationRequested && e is OperationCanceledException or HttpRequestException)
        {
            await FailAsync(context, destination, StatusCodes.Status504GatewayTimeout,
                $"{destination.Description} did not answer within {timeoutAfter.TotalSeconds:0.###} s", cancellationToken);
            return;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            await FailAsync(context, destination, StatusCodes.Status502BadGateway, Unreachable(destination, e), cancellationToken);
            return;
        }

        using (response)
        {
            // Headers are in: from here on the body may stream for as long as it takes.
            timeout.CancelAfter(Timeout.Infinite);
            if (isUpgrade && response.StatusCode == HttpStatusCode.SwitchingProtocols)
            {
                await UpgradeAsync(context, upgradeFeature!, response, destination, cancellationToken);
                return;
            }
            await CopyResponseAsync(context, response, destination, cancellationToken);
        }
    }

    private static HttpRequestMessage CreateRequest(HttpContext context, ProxyDestination destination, bool isUpgrade, Action onBodyRead)
    {
        var incoming = context.Request;
        var address = isUpgrade && destination.Upgrades is { } upgrades ? upgrades : destination.Address;
        var path = (incoming.PathBase + incoming.Path).ToUriComponent();
        var target = address.GetLeftPart(UriPartial.Authority) + address.AbsolutePath.TrimEnd('/')
            + (path.Length == 0 ? "/" : path) + incoming.QueryString.ToUriComponent();
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(target));
        if (isUpgrade || !destination.Http2)
        {
            // Upgrades exist only in HTTP/1.1; a Service that does not say h2c is assumed to speak nothing newer.
            request.Version = HttpVersion.Version11;
            request.VersionPolicy = isUpgrade ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower;
        }
        else
        {
            // Overlay ingress (or an h2c Service): cleartext HTTP/2 by prior knowledge, many requests multiplexed per connection.
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true && !isUpgrade)
        {
            // Kestrel's 30 MB default is for apps that read bodies into memory; this one streams. Its minimum data rate
            // would end a streaming call whose client pauses between messages; the response timeout watches silence.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }
            if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            {
                rate.MinDataRate = null;
            }
            request.Content = new StreamingRequestContent(incoming.Body, onBodyRead);
        }

        var drop = isUpgrade ? HopByHopHeaders.ForUpgrade(incoming.Headers.Connection) : HopByHopHeaders.For(incoming.Headers.Connection);
        foreach (var (name, values) in incoming.Headers)
        {
            if (drop.Drops(name) || name.StartsWith(':') || ForwardedHeaders.IsForwardedHeader(name)
                || name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase)
                // Kestrel already answered 100-continue when the body was first read; the destination need not.
                || name.Equals(HeaderNames.Expect, StringComparison.OrdinalIgnoreCase)
                || (isUpgrade && name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        if (isUpgrade)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.Connection, "Upgrade");
        }
        // TE is hop-by-hop, but "trailers" is the one value HTTP/2 carries end to end: gRPC servers look for it.
        if (request.Version == HttpVersion.Version20 && incoming.Headers.TE.Any(te => te?.Contains("trailers", StringComparison.OrdinalIgnoreCase) == true))
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.TE, "trailers");
        }
        // The original Host travels on: the origin finds the app id in its first label, and apps build their URLs from it.
        request.Headers.Host = incoming.Host.Value;
        var forwarded = ForwardedHeaders.Next(incoming);
        request.Headers.TryAddWithoutValidation(ForwardedHeaders.For, forwarded.For);
        request.Headers.TryAddWithoutValidation(ForwardedHeaders.Host, forwarded.Host);
        request.Headers.TryAddWithoutValidation(ForwardedHeaders.Proto, forwarded.Proto);
        return request;
    }

    private static void CopyResponseHeaders(HttpContext context, HttpResponseMessage response, bool isUpgrade)
    {
        var connection = response.Headers.NonValidated.TryGetValues(HeaderNames.Connection, out var values) ? values.ToArray() : [];
        var drop = isUpgrade ? HopByHopHeaders.ForUpgrade(connection) : HopByHopHeaders.For(connection);
        var headers = context.Response.Headers;
        foreach (var (name, value) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            if (!drop.Drops(name))
            {
                headers[name] = value.ToArray();
            }
        }
    }

    private async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response, ProxyDestination destination, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        CopyResponseHeaders(context, response, isUpgrade: false);
        // Each chunk goes to the client as it arrives (server-sent events, long polls), not when a buffer fills.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = context.Response.BodyWriter;
        try
        {
            await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
            // Kestrel's response Stream sends every write at once; its PipeWriter lets the copy choose when.
            await CoalescingCopy.CopyAsync(source,
                (chunk, _) =>
                {
                    body.Write(chunk.Span);
                    return ValueTask.CompletedTask;
                },
                async ct => await body.FlushAsync(ct),
                onRead: null, cancellationToken);
            CopyTrailers(context, response);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The status line is out (or about to be); the only honest signal left is a broken response.
            logger.LogWarning("dtApp {AppId}: response from {Destination} broke off: {Reason}", destination.AppId, destination.Description, e.Message);
            context.Abort();
        }
        catch (Exception)
        {
            // The client went away mid-response; dropping the upstream response (using) ends that side too.
        }
    }

    /// <summary>gRPC's status travels in trailers; only an HTTP/2 client can be given them (Kestrel sends none on HTTP/1.1).</summary>
    private static void CopyTrailers(HttpContext context, HttpResponseMessage response)
    {
        if (!context.Response.SupportsTrailers())
        {
            return;
        }
        foreach (var (name, values) in response.TrailingHeaders.NonValidated)
        {
            context.Response.AppendTrailer(name, values.ToArray());
        }
    }

    private async Task UpgradeAsync(HttpContext context, IHttpUpgradeFeature upgradeFeature, HttpResponseMessage response,
        ProxyDestination destination, CancellationToken cancellationToken)
    {
        CopyResponseHeaders(context, response, isUpgrade: true);
        Stream client;
        Stream upstream;
        try
        {
            upstream = await response.Content.ReadAsStreamAsync(cancellationToken);
            client = await upgradeFeature.UpgradeAsync();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("dtApp {AppId}: upgrade through {Destination} failed: {Reason}", destination.AppId, destination.Description, e.Message);
            context.Abort();
            return;
        }
        catch (Exception)
        {
            return;
        }
        await using (upstream)
        await using (client)
        {
            // Either side ending ends the tunnel (WebSocket has its own close handshake inside the bytes).
            using var tunnel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var up = PumpAsync(client, upstream, tunnel.Token);
            var down = PumpAsync(upstream, client, tunnel.Token);
            await Task.WhenAny(up, down);
            await tunnel.CancelAsync();
            await Task.WhenAll(up, down);
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CoalescingCopy.BufferSize);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await to.FlushAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The other direction ended the tunnel, or a side broke; either way this direction is done.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task FailAsync(HttpContext context, ProxyDestination destination, int status, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("dtApp {AppId}: {Method} {Path} answered {Status}: {Reason}",
            destination.AppId, context.Request.Method, context.Request.Path.Value, status, reason);
        await PlainText.WriteAsync(context, status, reason, cancellationToken);
    }

    private string Unreachable(ProxyDestination destination, Exception e)
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
            : $"{destination.Description} failed: {e.Message}";
    }
}
