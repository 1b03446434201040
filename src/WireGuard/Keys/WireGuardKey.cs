using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Dtaas.WireGuard.Keys;

/// <summary>
/// A 32-byte Curve25519 key as WireGuard handles it: base64 (44 characters) the way <c>wg</c> prints it, and
/// lowercase hex the way the UAPI socket speaks it. Use it for public keys; a private key is a
/// <see cref="WireGuardPrivateKey"/>, so that printing one by accident cannot leak it.
/// </summary>
public readonly struct WireGuardKey : IEquatable<WireGuardKey>
{
    public const int Length = 32;
    public const int Base64Length = 44;
    public const int HexLength = 64;

    private readonly KeyBytes _bytes;

    private WireGuardKey(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_bytes);
    }

    /// <summary>The all-zero key: what an unset key reads as (<c>wg</c> shows it as "(none)").</summary>
    public static WireGuardKey Zero => default;

    public bool IsZero => Equals(Zero);

    public static WireGuardKey FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new WireGuardKey(bytes)
            : throw new ArgumentException($"a WireGuard key is {Length} bytes, got {bytes.Length}", nameof(bytes));

    public static WireGuardKey Parse(string text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    /// <summary>Parses base64 as <c>wg genkey</c>/<c>wg pubkey</c> print it: exactly 44 canonical characters.</summary>
    public static bool TryParse(string? text, out WireGuardKey key, [NotNullWhen(false)] out string? error)
    {
        key = default;
        if (!HasLength(text, Base64Length, $"key must be {Base64Length} characters of base64 (as wg prints it)", out error))
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[Length + 1];
        if (!Convert.TryFromBase64String(text, bytes, out var written) || written != Length)
        {
            error = "key is not valid base64";
            return false;
        }
        var parsed = new WireGuardKey(bytes[..Length]);
        // .NET ignores the unused low bits of the last character; wg refuses such keys, and so do we,
        // so that one key has exactly one spelling.
        if (parsed.ToBase64() != text)
        {
            error = "key is not canonical base64 (its last character carries stray bits)";
            return false;
        }
        key = parsed;
        error = null;
        return true;
    }

    public static WireGuardKey ParseHex(string text) =>
        TryParseHex(text, out var key, out var error) ? key : throw new FormatException(error);

    /// <summary>Parses the 64 hex digits of the UAPI (either case is accepted; <see cref="ToHex"/> writes lowercase).</summary>
    public static bool TryParseHex(string? text, out WireGuardKey key, [NotNullWhen(false)] out string? error)
    {
        key = default;
        if (!HasLength(text, HexLength, $"hex key must be {HexLength} hex digits", out error))
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[Length];
        if (Convert.FromHexString(text, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            error = "hex key contains a character that is not a hex digit";
            return false;
        }
        key = new WireGuardKey(bytes);
        error = null;
        return true;
    }

    /// <summary>The key's bytes; the span lives as long as the variable holding this key.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    private static bool HasLength([NotNullWhen(true)] string? text, int length, string expectation, [NotNullWhen(false)] out string? error)
    {
        error = string.IsNullOrEmpty(text) ? "key is empty"
            : text.Length != length ? $"{expectation}, got {text.Length} characters"
            : null;
        return error is null;
    }

    public byte[] ToArray() => AsSpan().ToArray();

    public string ToBase64() => Convert.ToBase64String(AsSpan());

    public string ToHex() => Convert.ToHexStringLower(AsSpan());

    public override string ToString() => ToBase64();

    /// <summary>Constant time, because private keys compare through this too.</summary>
    public bool Equals(WireGuardKey other) => CryptographicOperations.FixedTimeEquals(AsSpan(), other.AsSpan());

    public override bool Equals(object? obj) => obj is WireGuardKey other && Equals(other);

    public override int GetHashCode()
    {
        // HashCode is seeded per process, so a logged hash code reveals nothing about the key.
        var hash = new HashCode();
        hash.AddBytes(AsSpan());
        return hash.ToHashCode();
    }

    public static bool operator ==(WireGuardKey left, WireGuardKey right) => left.Equals(right);

    public static bool operator !=(WireGuardKey left, WireGuardKey right) => !left.Equals(right);
}
