using System.Net;

namespace Dtaas.Silo.Hosting;

/// <summary>Parses the <c>host:port</c> of a --*-listen option (IPv4, [IPv6], or localhost).</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string optionName, string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], out int port) || port is < 0 or > 65535)
        {
            throw new ArgumentException($"--{optionName} '{value}' is not host:port (for example 127.0.0.1:30000).");
        }
        var host = value[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new ArgumentException($"--{optionName} '{value}': '{host}' is not an IP address (or localhost).");
        return new IPEndPoint(address, port);
    }
}
