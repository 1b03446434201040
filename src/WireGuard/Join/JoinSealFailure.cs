namespace Dtaas.WireGuard.Join;

/// <summary>A refused join message: the kind for code, the message for the user.</summary>
public sealed record JoinSealFailure(JoinSealError Error, string Message);
