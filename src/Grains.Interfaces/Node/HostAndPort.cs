using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dtaas.Grains.Interfaces.Node;

/// <summary>
/// A UDP or TCP endpoint as members write it, <c>host:port</c>: the host a DNS name, an IPv4 literal or an IPv6
/// literal (in brackets when written). The one place such text is parsed and formatted.
/// </summary>
public readonly record struct HostAndPort(string Host, int Port)
{
    /// <summary><paramref name="text"/> as host and port; false unless the port is 1 to 65535 and a host precedes it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out HostAndPort endpoint)
    {
        endpoint = default;
        int colon = text?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is 0 or > 65535)
        {
            return false;
        }
        var host = text![..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        if (host.Length == 0)
        {
            return false;
        }
        endpoint = new HostAndPort(host, port);
        return true;
    }

    /// <summary>The port of <paramref name="text"/>, 0 when it is not <c>host:port</c>.</summary>
    public static int PortOf(string? text) => TryParse(text, out var endpoint) ? endpoint.Port : 0;

    /// <summary><c>host:port</c>, an IPv6 host in brackets.</summary>
    public override string ToString()
    {
        var port = Port.ToString(CultureInfo.InvariantCulture);
        return Host.Contains(':') && !Host.StartsWith('[') ? $"[{Host}]:{port}" : $"{Host}:{port}";
    }
}
