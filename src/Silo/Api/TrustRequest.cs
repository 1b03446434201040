namespace Dtaas.Silo.Api;

/// <summary><c>POST /v1/trusts</c>: what its creator calls the new trust.</summary>
public sealed record TrustRequest(string? Name);
