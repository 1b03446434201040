using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Dtaas.Gateway;

/// <summary>
/// The long-lived outgoing HTTP clients of one node's gateway (pooled connections are the point, so one of each for
/// the silo's lifetime, shared by the public gateway and the overlay ingress).
/// </summary>
public sealed class GatewayClients : IDisposable
{
    public GatewayClients(GatewayOptions options)
    {
        Options = options;
        // To other nodes' overlay ingresses: HTTP/2 cleartext (prior knowledge) multiplexes every request to one node
        // over a few connections; upgrades go as HTTP/1.1 through the same pool.
        Overlay = new HttpMessageInvoker(new FlushingRequestHandler(NewHandler(options, http2: true)));
        // To Services: HTTP/1.1, what any backend speaks (HTTP/2 to h2c Services).
        Services = new HttpMessageInvoker(new FlushingRequestHandler(NewHandler(options, http2: false)));
        // To origins' splices: HTTP/1.1 on connections that start with the app's preamble, a pool per app and origin.
        var splice = NewHandler(options, http2: false);
        splice.ConnectCallback = (context, ct) => SpliceConnection.ConnectAsync(context.DnsEndPoint, options.LocalAddress, ct);
        Splice = new HttpMessageInvoker(splice);
        SpliceModes = new SpliceModes(options);
        // To authentication endpoints (anywhere, maybe https).
        Authentication = new HttpMessageInvoker(NewHandler(options, http2: false));
    }

    public GatewayOptions Options { get; }

    public HttpMessageInvoker Overlay { get; }

    public HttpMessageInvoker Services { get; }

    public HttpMessageInvoker Authentication { get; }

    public HttpMessageInvoker Splice { get; }

    /// <summary>Which remote apps go through their origin's splice (asked only with <see cref="GatewayOptions.OverlaySplice"/>).</summary>
    public SpliceModes SpliceModes { get; }

    public void Dispose()
    {
        Overlay.Dispose();
        Services.Dispose();
        Authentication.Dispose();
        Splice.Dispose();
    }

    private static SocketsHttpHandler NewHandler(GatewayOptions options, bool http2) => new()
    {
        // A proxy passes messages through untouched: no redirects followed, no cookies kept, no decompression.
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        EnableMultipleHttp2Connections = http2,
        // An overlay path that died (a peer's link down) would hold every multiplexed request until its timeout;
        // an unanswered PING replaces the connection instead.
        KeepAlivePingDelay = http2 ? TimeSpan.FromSeconds(10) : Timeout.InfiniteTimeSpan,
        KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        // The outgoing request carries this hop's trace context (W3C traceparent), not the one copied from the client.
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectCallback = options.LocalAddress is { } choose ? (context, ct) => SourceBoundConnection.ConnectAsync(choose(context.DnsEndPoint), context.DnsEndPoint, ct) : null,
    };
}
