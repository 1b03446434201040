using Dtaas.Grains.Interfaces.Node;
using Google.Protobuf.WellKnownTypes;

namespace Dtaas.Federation.Protocol;

/// <summary>A node's answer to a probe between its record (<see cref="NodeInfo"/>) and its message.</summary>
public static class NodeInfoMapping
{
    public static V1.NodeInfo ToMessage(this NodeInfo info) => new()
    {
        NodeId = info.Id,
        Name = info.Name,
        Version = info.Version,
        StartedAt = Timestamp.FromDateTimeOffset(info.StartedAt),
    };

    public static NodeInfo ToRecord(this V1.NodeInfo message) =>
        new(message.NodeId, message.Name, message.Version, message.StartedAt?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch);
}
