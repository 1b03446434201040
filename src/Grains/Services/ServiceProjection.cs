using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Services;

/// <summary>
/// A network's state as a dtService object shows it: <c>peers</c> on every node, <c>spec.server</c> on clients,
/// <c>status</c> and <c>message</c>, and the network itself in an annotation, so a restarted node carries on with it.
/// </summary>
public static class ServiceProjection
{
    /// <summary>The network as this node last had it (JSON).</summary>
    public const string NetworkAnnotation = "sid.sightlineinnovation.com/network";

    /// <summary>The network the object holds, or null (none yet, or unreadable).</summary>
    public static ServiceNetwork? Held(DtService service) => JsonAnnotation.Read(service.Metadata, NetworkAnnotation, GrainsJsonContext.Default.ServiceNetwork);

    /// <summary><paramref name="observed"/> showing this node's place on <paramref name="network"/>: Connected, or Failed with <paramref name="unreachable"/>.</summary>
    public static DtService OnNetwork(DtService observed, ServiceNetwork network, bool serving, string? unreachable)
    {
        var server = network.Server!;
        return Holding(observed, network) with
        {
            Spec = observed.Spec! with
            {
                Server = serving ? null : new DtServiceServer { Endpoint = server.Endpoint, Peer = network.Subnet, PublicKey = server.PublicKey },
            },
            Peers = network.Peers.ToDictionary(p => p.Address, p => new DtServicePeer
            {
                Labels = new Dictionary<string, string> { [$"sid.sightline.dtservice.{p.NodeId}"] = p.Role },
                PublicKey = p.PublicKey,
            }),
            Status = unreachable is null ? DtServiceStatus.Connected : DtServiceStatus.Failed,
            Message = unreachable,
        };
    }

    /// <summary><paramref name="observed"/> Failed with <paramref name="message"/>, holding <paramref name="held"/> when given.</summary>
    public static DtService Failed(DtService observed, string message, ServiceNetwork? held)
    {
        var desired = observed with { Status = DtServiceStatus.Failed, Message = message };
        return held is null ? desired : Holding(desired, held);
    }

    /// <summary><paramref name="observed"/> off its network: no network held, no peers, no server.</summary>
    public static DtService OffNetwork(DtService observed) =>
        With(observed, (NetworkAnnotation, null)) with { Peers = null, Spec = observed.Spec! with { Server = null } };

    public static DtService With(DtService service, params (string Key, string? Value)[] changes) =>
        service with { Metadata = service.Metadata.WithAnnotations(changes) };

    private static DtService Holding(DtService service, ServiceNetwork network) =>
        With(service, (NetworkAnnotation, JsonSerializer.Serialize(network, GrainsJsonContext.Default.ServiceNetwork)));
}
