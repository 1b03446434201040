using Dtaas.Grains.Interfaces.Node;

namespace Dtaas.Grains.Domains;

/// <summary>A member's overlay endpoint, <c>host:port</c> (<see cref="HostAndPort"/>); the port is chosen by <see cref="Node.NodeUdpPorts"/>.</summary>
public static class OverlayEndpoint
{
    public static int PortOf(string endpoint) => HostAndPort.PortOf(endpoint);

    /// <summary>This node's endpoint for a domain's overlay or a dtService network it serves.</summary>
    public static string Endpoint(string host, int port) => new HostAndPort(host, port).ToString();
}
