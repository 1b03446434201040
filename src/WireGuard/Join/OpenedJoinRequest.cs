namespace Dtaas.WireGuard.Join;

/// <summary>An authenticated, fresh, first-seen join request, and the sealer for its reply.</summary>
/// <param name="Id">The request's ephemeral key and nonce; retries of one joiner's session share the key.</param>
public sealed record OpenedJoinRequest(byte[] Plaintext, DateTimeOffset Timestamp, JoinRequestId Id, JoinReplySealer Reply);
