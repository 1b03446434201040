using System.Security.Cryptography;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>
/// Exactly 32 bytes (an X25519 public key or a secret), compared by value. Contracts carry keys as this rather than a
/// crypto library's type, so this project stays free of crypto packages. <see cref="ToString"/> never shows the bytes,
/// because a secret may be inside; ask for <see cref="ToBase64"/> explicitly.
/// </summary>
public sealed class Bytes32 : IEquatable<Bytes32>
{
    public const int Length = 32;

    private readonly byte[] _bytes;

    private Bytes32(byte[] bytes)
    {
        _bytes = bytes;
    }

    public static Bytes32 FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length
            ? new Bytes32(bytes.ToArray())
            : throw new ArgumentException($"expected {Length} bytes, got {bytes.Length}", nameof(bytes));

    /// <summary>32 bytes from the system's cryptographic random number generator.</summary>
    public static Bytes32 Random() => new(RandomNumberGenerator.GetBytes(Length));

    public ReadOnlySpan<byte> Span => _bytes;

    public bool IsZero => Span.IndexOfAnyExcept((byte)0) < 0;

    public byte[] ToArray() => Span.ToArray();

    public string ToBase64() => Convert.ToBase64String(_bytes);

    public override string ToString() => $"({Length} bytes)";

    /// <summary>Constant time, because secrets compare through this too.</summary>
    public bool Equals(Bytes32? other) => other is not null && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Bytes32);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(Bytes32? left, Bytes32? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Bytes32? left, Bytes32? right) => !(left == right);
}
