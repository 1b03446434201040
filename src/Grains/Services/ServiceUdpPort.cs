using System.Globalization;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Services;

/// <summary>The UDP port a dtService's pod serves its network on if it is (or becomes) the server; kept in an annotation so it never moves.</summary>
internal static class ServiceUdpPort
{
    /// <summary>The port the object holds, 0 before one is chosen.</summary>
    public static int Of(DtService service) => NodeUdpPorts.ServicePort(service) ?? 0;

    /// <summary><paramref name="service"/> with a port of its own, if it has none yet.</summary>
    public static DtService Chosen(DtService service, ILocalObjects objects, string nodeId) =>
        service.Metadata.Annotations?.ContainsKey(NodeUdpPorts.ServicePortAnnotation) ?? false
            ? service
            : ServiceProjection.With(service, (NodeUdpPorts.ServicePortAnnotation,
                NodeUdpPorts.Choose(NodeUdpPorts.FirstServicePort, NodeUdpPorts.Taken(objects, nodeId, exceptService: service)).ToString(CultureInfo.InvariantCulture)));
}
