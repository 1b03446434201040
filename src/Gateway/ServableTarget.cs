namespace Dtaas.Gateway;

/// <summary>
/// A servable's URI (<c>&lt;id&gt;.&lt;node name&gt;</c>): served only to a user holding REQUEST on it, decided at the
/// servable's node. <paramref name="NodeId"/> null: this node; else the member <paramref name="NodeName"/> it is forwarded to.
/// </summary>
public sealed record ServableTarget(string ServableId, string? NodeId, string NodeName) : AppTarget(ServableId);
