using System.Globalization;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Node;

/// <summary>
/// The UDP ports this node's WireGuard interfaces listen on: one per domain overlay (from <c>--wireguard-port</c> up) and
/// one per dtService (from <see cref="FirstServicePort"/> up). Both choose from one list of what is taken, so an eleventh
/// domain never lands on a dtService's port, nor a dtService on a domain's.
/// </summary>
public static class NodeUdpPorts
{
    public const int FirstServicePort = 51830;

    /// <summary>The port a dtService keeps in this annotation, so it never moves.</summary>
    public const string ServicePortAnnotation = "sid.sightlineinnovation.com/listen-port";

    public static int Choose(int first, IReadOnlySet<int> taken)
    {
        var port = first;
        while (taken.Contains(port))
        {
            port++;
        }
        return port;
    }

    /// <summary>Ports in use by this node's overlays and dtServices, leaving out the one being chosen for.</summary>
    public static IReadOnlySet<int> Taken(ILocalObjects objects, string nodeId, Guid? exceptDomain = null, DtService? exceptService = null)
    {
        var taken = DomainIdentity.OwnEntries(objects.Domains(), nodeId, except: exceptDomain ?? Guid.Empty)
            .Select(member => OverlayEndpoint.PortOf(member.Endpoint))
            .ToHashSet();
        taken.UnionWith(objects.Services()
            .Where(s => exceptService is null || s.Metadata.Namespace != exceptService.Metadata.Namespace || s.Metadata.Name != exceptService.Metadata.Name)
            .Select(ServicePort)
            .OfType<int>());
        return taken;
    }

    public static int? ServicePort(DtService service) =>
        service.Metadata.Annotations?.TryGetValue(ServicePortAnnotation, out var text) == true
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : null;
}
