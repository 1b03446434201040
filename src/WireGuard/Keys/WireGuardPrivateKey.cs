using System.Diagnostics.CodeAnalysis;

namespace Dtaas.WireGuard.Keys;

/// <summary>
/// An X25519 private key. A type of its own so that string interpolation, logging and records never print it:
/// <see cref="ToString"/> says only that it is a private key. Its text forms are the same as <see cref="WireGuardKey"/>'s.
/// </summary>
public readonly struct WireGuardPrivateKey : IEquatable<WireGuardPrivateKey>
{
    private readonly WireGuardKey _key;

    private WireGuardPrivateKey(WireGuardKey key)
    {
        _key = key;
    }

    public static WireGuardPrivateKey FromBytes(ReadOnlySpan<byte> bytes) => new(WireGuardKey.FromBytes(bytes));

    public static WireGuardPrivateKey Parse(string text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    public static bool TryParse(string? text, out WireGuardPrivateKey key, [NotNullWhen(false)] out string? error)
    {
        var ok = WireGuardKey.TryParse(text, out var raw, out error);
        key = new WireGuardPrivateKey(raw);
        return ok;
    }

    public static WireGuardPrivateKey ParseHex(string text) => new(WireGuardKey.ParseHex(text));

    /// <summary>The public key for this private key (X25519 with the base point), as <c>wg pubkey</c> derives it.</summary>
    public WireGuardKey PublicKey => X25519.PublicKeyOf(this);

    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _key.AsSpan();

    /// <summary>The secret in <c>wg</c>'s text form; call it only to hand the key to WireGuard or to storage.</summary>
    public string ToBase64() => _key.ToBase64();

    /// <summary>The secret as the UAPI's <c>private_key=</c> wants it.</summary>
    public string ToHex() => _key.ToHex();

    public override string ToString() => "(private key)";

    public bool Equals(WireGuardPrivateKey other) => _key.Equals(other._key);

    public override bool Equals(object? obj) => obj is WireGuardPrivateKey other && Equals(other);

    public override int GetHashCode() => _key.GetHashCode();

    public static bool operator ==(WireGuardPrivateKey left, WireGuardPrivateKey right) => left.Equals(right);

    public static bool operator !=(WireGuardPrivateKey left, WireGuardPrivateKey right) => !left.Equals(right);
}
