namespace Dtaas.WireGuard.Join;

/// <summary>The creator's means to answer one opened request: seals with the reply key of that request's exchange only.</summary>
public sealed class JoinReplySealer
{
    private readonly byte[] _replyKey;

    internal JoinReplySealer(byte[] replyKey)
    {
        _replyKey = replyKey;
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext) => Aead.Seal(_replyKey, JoinWireFormat.ReplyHeaderBeforeNonce, plaintext);
}
