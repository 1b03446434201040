using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Dtaas.Gateway;

/// <summary>
/// What the gateway changes on a message YARP forwards, beyond YARP's own hop-by-hop rules: the original Host travels
/// on (the origin finds the app id in its first label; apps build their URLs from it), X-Forwarded-* as
/// <see cref="ForwardedHeaders"/> sets them, headers a Connection header names stay on their hop (YARP keeps them),
/// and the wait for response headers ends when they arrive (<paramref name="onResponseHeaders"/>). Over a splice
/// (<paramref name="splicedFrom"/>) X-Forwarded-For also names the address the origin sees this node by.
/// </summary>
internal sealed class ForwardingTransformer(Action onResponseHeaders, System.Net.IPAddress? splicedFrom = null) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var incoming = httpContext.Request;
        foreach (var name in incoming.Headers.GetCommaSeparatedValues(HeaderNames.Connection))
        {
            if (!name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase))
            {
                proxyRequest.Headers.Remove(name);
                proxyRequest.Content?.Headers.Remove(name);
            }
        }
        // "trailers" is the one TE value HTTP/2 carries end to end (gRPC servers look for it): on to an HTTP/2 hop whatever
        // the client spoke, never to an HTTP/1.1 one (YARP keeps it whenever the client spoke HTTP/2).
        proxyRequest.Headers.Remove(HeaderNames.TE);
        if (proxyRequest.Version.Major == 2 && incoming.Headers.TE.Any(te => te?.Contains("trailers", StringComparison.OrdinalIgnoreCase) == true))
        {
            proxyRequest.Headers.TryAddWithoutValidation(HeaderNames.TE, "trailers");
        }
        proxyRequest.Headers.Host = incoming.Host.Value;
        var forwarded = ForwardedHeaders.Next(incoming);
        proxyRequest.Headers.Remove(ForwardedHeaders.For);
        proxyRequest.Headers.Remove(ForwardedHeaders.Host);
        proxyRequest.Headers.Remove(ForwardedHeaders.Proto);
        proxyRequest.Headers.TryAddWithoutValidation(ForwardedHeaders.For, splicedFrom is null ? forwarded.For : $"{forwarded.For}, {splicedFrom}");
        proxyRequest.Headers.TryAddWithoutValidation(ForwardedHeaders.Host, forwarded.Host);
        proxyRequest.Headers.TryAddWithoutValidation(ForwardedHeaders.Proto, forwarded.Proto);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse,
        CancellationToken cancellationToken)
    {
        if (proxyResponse is not null)
        {
            onResponseHeaders();
        }
        var copy = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is not null && proxyResponse.Headers.NonValidated.TryGetValues(HeaderNames.Connection, out var connection))
        {
            var headers = httpContext.Response.Headers;
            foreach (var value in connection)
            {
                foreach (var name in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase))
                    {
                        headers.Remove(name);
                    }
                }
            }
        }
        return copy;
    }
}
