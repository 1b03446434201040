namespace Dtaas.Silo.Api;

/// <summary><c>POST /v1/trusts/{id}/objects</c>: an object by id, the name of its node, and what the trust gives on it.</summary>
public sealed record TrustObjectRequest(string? Id, string? Node, IReadOnlyList<string?>? Capabilities);
