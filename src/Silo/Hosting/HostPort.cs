using System.Globalization;
using System.Net;

namespace Dtaas.Silo.Hosting;

/// <summary>A WireGuard endpoint as members write it, <c>host:port</c>, to the address packets go to.</summary>
public static class HostPort
{
    /// <summary><c>host:port</c> (host a literal, <c>[v6]</c> or a DNS name) to an endpoint; IPv4 preferred.</summary>
    public static async Task<IPEndPoint> ResolveAsync(string endpoint, CancellationToken cancellationToken)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            throw new FormatException($"'{endpoint}' is not host:port");
        }
        var host = endpoint[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var literal))
        {
            return new IPEndPoint(literal, port);
        }
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"{host} has no address");
        return new IPEndPoint(address, port);
    }
}
