namespace Dtaas.Silo.Api;

/// <summary>A user: in <c>/v1/users</c> its name, principal and node; for the caller itself (<c>/v1/whoami</c>, a login) also the ids.</summary>
public sealed record UserBody(string Username, string Principal, string Node, string? NodeId = null, string? Id = null);
