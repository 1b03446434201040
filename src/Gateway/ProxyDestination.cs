namespace Dtaas.Gateway;

/// <summary>
/// Where one request of app <paramref name="AppId"/> goes. <paramref name="Description"/> names it in error bodies
/// ("Service default/web at 10.1.2.3:8080", "origin node bob"); <paramref name="Upgrades"/> is where an HTTP/1.1
/// upgrade goes when that differs (an overlay ingress's HTTP/1.1 listener). <paramref name="Http2"/>: speak cleartext
/// HTTP/2 by prior knowledge (overlay ingresses, and Services whose port says h2c or grpc); otherwise HTTP/1.1.
/// <paramref name="SplicedFrom"/>: the overlay address this node splices from, which X-Forwarded-For names after the
/// client (over a splice no later hop reads the request to add it).
/// </summary>
public sealed record ProxyDestination(string AppId, Uri Address, string Description, ProxyHop Hop, Uri? Upgrades = null, bool Http2 = false,
    System.Net.IPAddress? SplicedFrom = null);
