using System.Net;
using Dtaas.Grains.Interfaces.Node;

namespace Dtaas.Silo.Hosting;

/// <summary>A WireGuard endpoint as members write it, <c>host:port</c>, to the address packets go to.</summary>
public static class HostPort
{
    /// <summary><c>host:port</c> (host a literal, <c>[v6]</c> or a DNS name) to an endpoint; IPv4 preferred.</summary>
    public static async Task<IPEndPoint> ResolveAsync(string endpoint, CancellationToken cancellationToken)
    {
        if (!HostAndPort.TryParse(endpoint, out var parsed))
        {
            throw new FormatException($"'{endpoint}' is not host:port");
        }
        var (host, port) = parsed;
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
