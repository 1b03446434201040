namespace Dtaas.Gateway;

/// <summary>
/// A servable's URI (<c>&lt;id&gt;.&lt;node name&gt;</c>): served only to a user holding REQUEST on it, decided at the
/// servable's node. <paramref name="NodeId"/> null: this node; else the member <paramref name="NodeName"/> it is forwarded to.
/// <paramref name="Elsewhere"/>: an id under this node's own name that this node does not hold; a member's servable, if
/// the user's token finds one (see <see cref="IAppDirectory.LocateServableAsync"/>), else no app at all.
/// </summary>
public sealed record ServableTarget(string ServableId, string? NodeId, string NodeName, bool Elsewhere = false) : AppTarget(ServableId);
