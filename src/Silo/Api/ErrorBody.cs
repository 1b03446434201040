namespace Dtaas.Silo.Api;

/// <summary>Every refusal of the /v1 API: one sentence saying why.</summary>
public sealed record ErrorBody(string Error);
