using System.Security.Cryptography;
using Rfc7748 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Dtaas.WireGuard.Keys;

/// <summary>X25519 (RFC 7748) on WireGuard keys. Scalars are clamped inside, as WireGuard does, so any 32 bytes work as a private key.</summary>
public static class X25519
{
    public static WireGuardKey PublicKeyOf(WireGuardPrivateKey privateKey)
    {
        Span<byte> result = stackalloc byte[WireGuardKey.Length];
        Rfc7748.ScalarMultBase(privateKey.AsSpan(), result);
        return WireGuardKey.FromBytes(result);
    }

    /// <summary>
    /// The Diffie-Hellman shared secret. A public key of small order yields all zeros, which would make the
    /// "secret" known to anyone; like WireGuard we refuse it (<see cref="CryptographicException"/>).
    /// </summary>
    public static byte[] SharedSecret(WireGuardPrivateKey privateKey, WireGuardKey publicKey)
    {
        var shared = new byte[WireGuardKey.Length];
        if (!Rfc7748.CalculateAgreement(privateKey.AsSpan(), publicKey.AsSpan(), shared))
        {
            throw new CryptographicException("the public key is of small order (the shared secret would be zero)");
        }
        return shared;
    }
}
