using Dtaas.Grains.Interfaces.Users;

namespace Dtaas.Federation.Protocol;

/// <summary>A node's users shared with its members between their record (<see cref="SharedUser"/>) and message.</summary>
public static class SharedUserMapping
{
    public static V1.SharedUser ToMessage(this SharedUser user) => new()
    {
        Id = user.Id,
        Username = user.Username,
        NodeId = user.NodeId,
        NodeName = user.NodeName,
    };

    public static SharedUser ToRecord(this V1.SharedUser message) => new(message.Id, message.Username, message.NodeId, message.NodeName);
}
