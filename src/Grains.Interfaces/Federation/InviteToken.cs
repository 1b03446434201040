using System.Diagnostics.CodeAnalysis;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>
/// The invite token of a domain (DESIGN.md 2.3): what a joiner needs to reach the creator and prove it was invited.
/// On the wire it is opaque base64 of a versioned binary; version 1 is 99 bytes (132 base64 characters):
/// <code>
/// offset size
///      0    2  magic "dt" (0x64 0x74)
///      2    1  version (1)
///      3   16  domain uid, RFC 4122 byte order
///     19   16  creator node id (the 32 hex digits as bytes)
///     35   32  creator's X25519 public key
///     67   32  invite secret (random)
/// </code>
/// Policy (expiry, uses) stays on the creator; rotating draws a new secret, so the old token stops opening joins at once.
/// </summary>
public sealed record InviteToken
{
    public const byte CurrentVersion = 1;
    public const int EncodedLength = 99;

    private static ReadOnlySpan<byte> Magic => "dt"u8;
    private const int HeaderLength = 3;
    private const int NodeIdBytes = 16;

    public InviteToken(Guid domainUid, string creatorNodeId, Bytes32 creatorPublicKey, Bytes32 secret)
    {
        if (Invalid(domainUid, creatorNodeId, creatorPublicKey, secret) is { } error)
        {
            throw new ArgumentException(error);
        }
        DomainUid = domainUid;
        CreatorNodeId = creatorNodeId;
        CreatorPublicKey = creatorPublicKey;
        Secret = secret;
    }

    /// <summary>The creating domain's <c>metadata.uid</c>.</summary>
    public Guid DomainUid { get; }

    /// <summary>32 lowercase hex digits.</summary>
    public string CreatorNodeId { get; }

    /// <summary>The creator node's static X25519 (WireGuard) public key: the join request is sealed to it.</summary>
    public Bytes32 CreatorPublicKey { get; }

    /// <summary>The invite secret: salts the join's key derivation, so only token holders can make a request the creator accepts.</summary>
    public Bytes32 Secret { get; }

    /// <summary>A fresh token for the domain with a new random secret (also how a token is rotated).</summary>
    public static InviteToken Issue(Guid domainUid, string creatorNodeId, Bytes32 creatorPublicKey) =>
        new(domainUid, creatorNodeId, creatorPublicKey, Bytes32.Random());

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[EncodedLength];
        Magic.CopyTo(bytes);
        bytes[2] = CurrentVersion;
        DomainUid.TryWriteBytes(bytes.Slice(3, 16), bigEndian: true, out _);
        Convert.FromHexString(CreatorNodeId, bytes.Slice(19, NodeIdBytes), out _, out _);
        CreatorPublicKey.Span.CopyTo(bytes.Slice(35, Bytes32.Length));
        Secret.Span.CopyTo(bytes.Slice(67, Bytes32.Length));
        return Convert.ToBase64String(bytes);
    }

    public static InviteToken Parse(string text) =>
        TryParse(text, out var token, out var error) ? token : throw new FormatException(error);

    /// <summary>Reads a token as a user pasted it (surrounding whitespace is ignored); the error says exactly what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out InviteToken? token, [NotNullWhen(false)] out string? error)
    {
        token = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "invite token is empty";
            return false;
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            error = "invite token is not base64";
            return false;
        }
        if (bytes.Length < HeaderLength)
        {
            error = $"invite token too short: {bytes.Length} bytes";
            return false;
        }
        if (!bytes.AsSpan(0, 2).SequenceEqual(Magic))
        {
            error = "not a DTaaS invite token (it lacks the DTaaS marker; tokens of other or older software are not accepted)";
            return false;
        }
        if (bytes[2] != CurrentVersion)
        {
            error = $"unknown token version {bytes[2]} (this node reads version {CurrentVersion})";
            return false;
        }
        if (bytes.Length != EncodedLength)
        {
            var which = bytes.Length < EncodedLength ? "too short" : "too long";
            error = $"invite token {which}: {bytes.Length} bytes, a version {CurrentVersion} token has {EncodedLength}";
            return false;
        }
        var domainUid = new Guid(bytes.AsSpan(3, 16), bigEndian: true);
        var creatorNodeId = Convert.ToHexStringLower(bytes, 19, NodeIdBytes);
        var creatorPublicKey = Bytes32.FromBytes(bytes.AsSpan(35, Bytes32.Length));
        var secret = Bytes32.FromBytes(bytes.AsSpan(67, Bytes32.Length));
        error = Invalid(domainUid, creatorNodeId, creatorPublicKey, secret);
        if (error is not null)
        {
            error = $"invite token carries a bad value: {error}";
            return false;
        }
        token = new InviteToken(domainUid, creatorNodeId, creatorPublicKey, secret);
        return true;
    }

    /// <summary>The one set of rules for the constructor and the parser; null when the values are fine.</summary>
    private static string? Invalid(Guid domainUid, string creatorNodeId, Bytes32 creatorPublicKey, Bytes32 secret)
    {
        if (domainUid == Guid.Empty)
        {
            return "the domain uid is empty";
        }
        if (creatorNodeId is null || creatorNodeId.Length != 2 * NodeIdBytes || !creatorNodeId.All(char.IsAsciiHexDigitLower))
        {
            return $"the creator node id must be {2 * NodeIdBytes} lowercase hex digits, got '{creatorNodeId}'";
        }
        ArgumentNullException.ThrowIfNull(creatorPublicKey);
        ArgumentNullException.ThrowIfNull(secret);
        if (creatorPublicKey.IsZero)
        {
            return "the creator public key is all zeros";
        }
        if (secret.IsZero)
        {
            return "the invite secret is all zeros";
        }
        return null;
    }

    /// <summary>Leaves the secret out: tokens end up in logs and messages.</summary>
    public override string ToString() =>
        $"InviteToken {{ DomainUid = {DomainUid}, CreatorNodeId = {CreatorNodeId}, CreatorPublicKey = {CreatorPublicKey.ToBase64()} }}";
}
