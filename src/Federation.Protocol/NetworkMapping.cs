using Dtaas.Grains.Interfaces.Services;

namespace Dtaas.Federation.Protocol;

/// <summary>
/// dtService networks between their records (<see cref="NetworkJoin"/>, <see cref="NetworkAnswer"/>,
/// <see cref="ServiceNetwork"/>, <see cref="NetworkPeer"/>) and messages. Roles are strings in the records and an enum
/// on the wire, so a role the protocol does not know cannot be sent or received.
/// </summary>
public static class NetworkMapping
{
    public static V1.NetworkJoin ToMessage(this NetworkJoin join) => new() { Name = join.Name, PublicKey = join.PublicKey, Endpoint = join.Endpoint };

    public static NetworkJoin ToRecord(this V1.NetworkJoin message) => new(message.Name, message.PublicKey, message.Endpoint);

    public static V1.NetworkAnswer ToMessage(this NetworkAnswer answer)
    {
        var message = new V1.NetworkAnswer();
        if (answer.Network is { } network)
        {
            message.Network = network.ToMessage();
        }
        if (answer.Refusal is { } refusal)
        {
            message.Refusal = refusal;
        }
        return message;
    }

    public static NetworkAnswer ToRecord(this V1.NetworkAnswer message) =>
        new(message.Network?.ToRecord(), message.HasRefusal ? message.Refusal : null);

    public static V1.ServiceNetwork ToMessage(this ServiceNetwork network) => new()
    {
        DomainUid = ProtocolValues.Uuid(network.DomainUid),
        Name = network.Name,
        Id = ProtocolValues.Uuid(network.Id),
        Version = network.Version,
        Subnet = network.Subnet,
        Peers = { network.Peers.Select(ToMessage) },
        Dissolved = network.Dissolved,
    };

    public static ServiceNetwork ToRecord(this V1.ServiceNetwork message) => new(
        ProtocolValues.Uuid(message.DomainUid, "network.domain_uid"),
        message.Name,
        ProtocolValues.Uuid(message.Id, "network.id"),
        message.Version,
        message.Subnet,
        [.. message.Peers.Select(ToRecord)],
        message.Dissolved);

    public static V1.NetworkPeer ToMessage(this NetworkPeer peer)
    {
        var message = new V1.NetworkPeer
        {
            Address = peer.Address,
            NodeId = peer.NodeId,
            PublicKey = peer.PublicKey,
            Role = peer.Role switch
            {
                NetworkRole.Server => V1.NetworkRole.Server,
                NetworkRole.Client => V1.NetworkRole.Client,
                _ => throw new ArgumentException($"network peer {peer.Address} has role '{peer.Role}', which is neither server nor client"),
            },
        };
        if (peer.Endpoint is { } endpoint)
        {
            message.Endpoint = endpoint;
        }
        return message;
    }

    public static NetworkPeer ToRecord(this V1.NetworkPeer message) => new(
        message.Address,
        message.NodeId,
        message.PublicKey,
        message.Role switch
        {
            V1.NetworkRole.Server => NetworkRole.Server,
            V1.NetworkRole.Client => NetworkRole.Client,
            _ => throw new ArgumentException($"network peer {message.Address} has role {message.Role}, which is neither server nor client"),
        },
        message.HasEndpoint ? message.Endpoint : null);
}
