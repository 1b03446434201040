using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Join;

/// <summary>
/// The joiner's side of one join: a fresh ephemeral key agreed with the creator's static key, salted with the invite secret.
/// Keep the session until the reply arrives: only it can open the reply. The ephemeral private key is dropped once the
/// keys are derived. Sealing again (a retry) reuses the keys with a new nonce, so the creator's reply opens either way.
/// </summary>
public sealed class JoinSession
{
    private readonly JoinKeys _keys;

    private JoinSession(Guid domainUid, WireGuardKey ephemeralPublicKey, JoinKeys keys)
    {
        DomainUid = domainUid;
        EphemeralPublicKey = ephemeralPublicKey;
        _keys = keys;
    }

    public Guid DomainUid { get; }

    public WireGuardKey EphemeralPublicKey { get; }

    /// <param name="domainUid">The domain the token is for; sent in clear so the creator can find the domain's secret.</param>
    /// <param name="creatorPublicKey">The creator's static key from the token.</param>
    /// <param name="inviteSecret">The 32-byte secret from the token.</param>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The creator key is of small order (a damaged token).</exception>
    public static JoinSession Start(Guid domainUid, WireGuardKey creatorPublicKey, ReadOnlySpan<byte> inviteSecret)
    {
        var ephemeral = KeyPair.Generate();
        return new JoinSession(domainUid, ephemeral.PublicKey, JoinKeys.Derive(ephemeral.PrivateKey, creatorPublicKey, inviteSecret));
    }

    public byte[] SealRequest(ReadOnlySpan<byte> plaintext, DateTimeOffset now) =>
        Aead.Seal(_keys.RequestKey, JoinWireFormat.RequestHeaderBeforeNonce(DomainUid, EphemeralPublicKey, now), plaintext);

    public JoinSealResult<byte[]> OpenReply(ReadOnlySpan<byte> sealedReply)
    {
        if (JoinWireFormat.CheckShape(sealedReply, JoinWireFormat.ReplyHeaderLength, "reply") is { } malformed)
        {
            return JoinSealResult<byte[]>.Fail(JoinSealError.Malformed, malformed);
        }
        return Aead.Open(_keys.ReplyKey, sealedReply, JoinWireFormat.ReplyHeaderLength) is { } plaintext
            ? JoinSealResult<byte[]>.Success(plaintext)
            : JoinSealResult<byte[]>.Fail(JoinSealError.WrongKeyOrSecret, "the join reply does not open with this join's keys (not the reply to this request, or altered)");
    }
}
