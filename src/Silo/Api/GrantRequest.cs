namespace Dtaas.Silo.Api;

/// <summary><c>POST /v1/objects/{id}/grants</c>: capabilities (upper-case names) to give a principal (<c>username@node</c>).</summary>
public sealed record GrantRequest(string? Principal, IReadOnlyList<string?>? Capabilities);
