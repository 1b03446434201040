using System.Security.Cryptography;

namespace Dtaas.WireGuard.Keys;

/// <summary>An X25519 key pair: a node's static WireGuard identity, or a join request's ephemeral key.</summary>
public sealed record KeyPair
{
    private KeyPair(WireGuardPrivateKey privateKey)
    {
        PrivateKey = privateKey;
        PublicKey = privateKey.PublicKey;
    }

    public WireGuardPrivateKey PrivateKey { get; }

    public WireGuardKey PublicKey { get; }

    /// <summary>32 random bytes clamped the way <c>wg genkey</c> clamps them, so the stored key is the one wg would print.</summary>
    public static KeyPair Generate()
    {
        Span<byte> scalar = stackalloc byte[WireGuardKey.Length];
        RandomNumberGenerator.Fill(scalar);
        scalar[0] &= 248;
        scalar[31] = (byte)((scalar[31] & 127) | 64);
        var pair = new KeyPair(WireGuardPrivateKey.FromBytes(scalar));
        CryptographicOperations.ZeroMemory(scalar);
        return pair;
    }

    public static KeyPair FromPrivateKey(WireGuardPrivateKey privateKey) => new(privateKey);

    public override string ToString() => $"KeyPair {{ PublicKey = {PublicKey} }}";
}
