using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Dtaas.Silo.Replicas;

/// <summary>
/// The request as the standby received it, for the holder to serve as if it had come in itself: the original Host (the
/// holder finds the app by it), the caller's address and scheme in <see cref="ReplicaCaller.Header"/>, and no
/// X-Forwarded-* (the holder's ingress writes them from that caller).
/// </summary>
internal sealed class ReplicaHopTransformer : HttpTransformer
{
    public static readonly ReplicaHopTransformer Instance = new();

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        proxyRequest.Headers.Remove(ReplicaCaller.Header);
        proxyRequest.Headers.TryAddWithoutValidation(ReplicaCaller.Header, ReplicaCaller.Format(httpContext));
    }
}
