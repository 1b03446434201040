namespace Dtaas.Silo.Api;

/// <summary><c>GET /v1/users</c>.</summary>
public sealed record UserList(IReadOnlyList<UserBody> Items);
