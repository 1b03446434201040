namespace Dtaas.Silo.Api;

/// <summary><c>POST /v1/login</c>.</summary>
public sealed record LoginRequest(string? Username, string? Password);
