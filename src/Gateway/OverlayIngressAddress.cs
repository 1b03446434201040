using System.Net;

namespace Dtaas.Gateway;

/// <summary>
/// Where a node's overlay ingress listens. Two listeners because Kestrel does not serve cleartext HTTP/2 prior
/// knowledge on an HTTP/1.1-and-2 endpoint (it answers HTTP_1_1_REQUIRED), and an HTTP/2-only endpoint cannot take
/// an HTTP/1.1 Upgrade: normal requests are multiplexed over <see cref="Http2"/>, upgrades (WebSocket) use <see cref="Http1"/>.
/// <see cref="Splice"/>: the node's <see cref="OverlaySplice"/>, where it listens for one (<c>--overlay-splice on</c>).
/// </summary>
public sealed record OverlayIngressAddress(Uri Http2, Uri Http1, IPEndPoint? Splice = null)
{
    /// <summary>The overlay ingress of the node with this overlay address, on the standard ports.</summary>
    public static OverlayIngressAddress For(IPAddress overlayAddress) => new(
        new UriBuilder(Uri.UriSchemeHttp, overlayAddress.ToString(), OverlayIngress.Http2Port).Uri,
        new UriBuilder(Uri.UriSchemeHttp, overlayAddress.ToString(), OverlayIngress.Http1Port).Uri,
        new IPEndPoint(overlayAddress, OverlaySplice.Port));
}
