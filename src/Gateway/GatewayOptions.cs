using System.Net;

namespace Dtaas.Gateway;

public sealed record GatewayOptions
{
    /// <summary>How long a destination may take to send response headers (the body may then stream for as long as it takes).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a public gateway waits for an origin node's answer: longer than the origin itself waits for
    /// authentication and its Service, so the origin's own, more precise 502/504 is what reaches the client.
    /// </summary>
    public TimeSpan OverlayRequestTimeout => RequestTimeout + AuthenticationTimeout + TimeSpan.FromSeconds(2);

    /// <summary>TCP connect timeout to services and origin ingresses.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole Custom-authentication sub-request.</summary>
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Splice the overlay hop (<see cref="OverlaySplice"/>): this node's own apps (authentication None, an HTTP/1.1
    /// Service) are served to other members as bytes copied to the Service, and this gateway sends such apps of other
    /// origins that way. Off: every request over the overlay goes through the origin's HTTP ingress.
    /// </summary>
    public bool OverlaySplice { get; init; }

    /// <summary>The source address of outgoing connections (several nodes on loopback in tests); null lets the OS choose.</summary>
    public Func<DnsEndPoint, IPAddress?>? LocalAddress { get; init; }
}
