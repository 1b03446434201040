using System.Globalization;

namespace Dtaas.Grains.Domains;

/// <summary>A member's overlay endpoint, <c>host:port</c>; the port is chosen by <see cref="Node.NodeUdpPorts"/>.</summary>
public static class OverlayPorts
{
    public static int PortOf(string endpoint) =>
        endpoint.LastIndexOf(':') is var colon and > 0 && int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : 0;

    public static string Endpoint(string host, int port) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
}
