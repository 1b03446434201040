namespace Dtaas.Silo.Api;

/// <summary><c>POST /v1/trusts/{id}/members</c>: a principal (<c>username@node</c>) and its role, <c>member</c> (the default) or <c>trustee</c>.</summary>
public sealed record TrustMemberRequest(string? Principal, string? Role);
