using System.Globalization;

namespace Dtaas.Grains.Domains;

/// <summary>Each domain's interface on a node needs its own UDP port: the first of <c>--wireguard-port</c> and up not in use.</summary>
public static class OverlayPorts
{
    public static int Choose(int first, IEnumerable<string> endpointsInUse)
    {
        var used = endpointsInUse.Select(PortOf).ToHashSet();
        var port = first;
        while (used.Contains(port))
        {
            port++;
        }
        return port;
    }

    public static int PortOf(string endpoint) =>
        endpoint.LastIndexOf(':') is var colon and > 0 && int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : 0;

    public static string Endpoint(string host, int port) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]:{port}" : $"{host}:{port}";
}
