namespace Dtaas.Silo.Api;

/// <summary><c>GET /v1/{kind}</c>: the items, and the members that did not answer in time (none yet: the list is this node's).</summary>
public sealed record ServableList(IReadOnlyList<ServableBody> Items, IReadOnlyList<string> Unreachable);
