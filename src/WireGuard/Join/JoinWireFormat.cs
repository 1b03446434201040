using System.Buffers.Binary;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Join;

/// <summary>
/// The byte layouts of the sealed join request and reply (version 1). Everything before the ciphertext is associated data.
/// <code>
/// request: offset size
///               0    1  version (1)
///               1   16  domain uid, RFC 4122 byte order (lets the creator pick the domain's secret before opening)
///              17   32  joiner's ephemeral X25519 public key
///              49    8  timestamp, unix milliseconds, big-endian
///              57   12  nonce (random)
///              69    n  ciphertext
///            69+n   16  Poly1305 tag
/// reply:        0    1  version (1)
///               1   12  nonce (random)
///              13    n  ciphertext
///            13+n   16  Poly1305 tag
/// </code>
/// </summary>
internal static class JoinWireFormat
{
    public const byte Version = 1;

    private const int DomainUidOffset = 1;
    private const int EphemeralKeyOffset = 17;
    private const int TimestampOffset = 49;
    public const int RequestHeaderLength = 57 + Aead.NonceLength;
    public const int ReplyHeaderLength = 1 + Aead.NonceLength;

    public static byte[] RequestHeaderBeforeNonce(Guid domainUid, WireGuardKey ephemeralKey, DateTimeOffset timestamp)
    {
        var header = new byte[RequestHeaderLength - Aead.NonceLength];
        header[0] = Version;
        domainUid.TryWriteBytes(header.AsSpan(DomainUidOffset, 16), bigEndian: true, out _);
        ephemeralKey.AsSpan().CopyTo(header.AsSpan(EphemeralKeyOffset));
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(TimestampOffset), timestamp.ToUnixTimeMilliseconds());
        return header;
    }

    public static ReadOnlySpan<byte> ReplyHeaderBeforeNonce => [Version];

    /// <summary>Null when the message is long enough for its layout and of this version; otherwise what is wrong with it.</summary>
    public static string? CheckShape(ReadOnlySpan<byte> message, int headerLength, string what)
    {
        if (message.Length < headerLength + Aead.TagLength)
        {
            return message.IsEmpty
                ? $"the join {what} is empty"
                : $"the join {what} is too short: {message.Length} bytes, at least {headerLength + Aead.TagLength} expected";
        }
        return message[0] == Version ? null : $"unknown join {what} version {message[0]} (this node reads version {Version})";
    }

    public static Guid DomainUid(ReadOnlySpan<byte> request) => new(request.Slice(DomainUidOffset, 16), bigEndian: true);

    public static WireGuardKey EphemeralKey(ReadOnlySpan<byte> request) => WireGuardKey.FromBytes(request.Slice(EphemeralKeyOffset, WireGuardKey.Length));

    public static long TimestampMilliseconds(ReadOnlySpan<byte> request) => BinaryPrimitives.ReadInt64BigEndian(request.Slice(TimestampOffset, 8));

    public static UInt128 Nonce(ReadOnlySpan<byte> request)
    {
        Span<byte> padded = stackalloc byte[16];
        request.Slice(RequestHeaderLength - Aead.NonceLength, Aead.NonceLength).CopyTo(padded[4..]);
        return BinaryPrimitives.ReadUInt128BigEndian(padded);
    }
}
