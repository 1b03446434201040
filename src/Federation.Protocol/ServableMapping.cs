using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;

namespace Dtaas.Federation.Protocol;

/// <summary>Federated listing between its records (a user's <see cref="PrincipalId"/>, <see cref="ServableView"/>) and its messages.</summary>
public static class ServableMapping
{
    public static V1.ObjectPrincipal ToMessage(this VerifiedPrincipal principal) => new()
    {
        NodeId = principal.Id.NodeId,
        UserId = principal.Id.UserId,
        Username = principal.Principal.Username,
    };

    public static V1.ServableItem ToMessage(this ServableView view)
    {
        var item = new V1.ServableItem { Id = view.Id, Type = view.Type, Name = view.Name ?? "", Node = view.Node ?? "" };
        item.Capabilities.AddRange(Capabilities.Names(view.Capabilities));
        return item;
    }

    /// <summary>An item a member answered; a capability name this node does not know is a malformed answer.</summary>
    public static ServableView ToRecord(this V1.ServableItem item) =>
        new(item.Id, item.Type, Capabilities.Parse(item.Capabilities),
            item.Name.Length > 0 ? item.Name : null, item.Node.Length > 0 ? item.Node : null);
}
