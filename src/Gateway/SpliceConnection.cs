using System.Net;
using System.Net.Sockets;

namespace Dtaas.Gateway;

/// <summary>
/// The member side of a splice: connections to an origin's <see cref="OverlaySplice"/> that start with the preamble
/// naming the app, pooled per app and origin by SocketsHttpHandler. The request's URI names both
/// (<see cref="Address"/>: the app id, then the origin's overlay address in hex), so each app has its own pool; the
/// Host header stays the app's.
/// </summary>
public static class SpliceConnection
{
    /// <summary>Where a request of <paramref name="appId"/> goes to reach the splice at <paramref name="splice"/>.</summary>
    public static Uri Address(string appId, IPEndPoint splice) =>
        new($"http://{appId}.{Convert.ToHexStringLower(splice.Address.GetAddressBytes())}:{splice.Port}/");

    /// <summary>SocketsHttpHandler's ConnectCallback for <see cref="Address"/>es; <paramref name="local"/> chooses the source address (null: the OS).</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, Func<DnsEndPoint, IPAddress?>? local, CancellationToken cancellationToken)
    {
        var dot = target.Host.IndexOf('.');
        if (dot <= 0 || !TryAddress(target.Host[(dot + 1)..], out var address))
        {
            throw new ArgumentException($"'{target.Host}' is not a splice address (<app id>.<overlay address in hex>)");
        }
        var preamble = new SplicePreamble(Probe: false, target.Host[..dot]).ToBytes();
        var stream = await SourceBoundConnection.ConnectAsync(local?.Invoke(target), new DnsEndPoint(address.ToString(), target.Port), cancellationToken);
        try
        {
            // Its own segment: the origin reads it before anything of the app's (HttpClient writes the request next).
            await stream.WriteAsync(preamble, cancellationToken);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private static bool TryAddress(string hex, out IPAddress address)
    {
        address = IPAddress.None;
        if (hex.Length is not (8 or 32))
        {
            return false;
        }
        try
        {
            address = new IPAddress(Convert.FromHexString(hex));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
