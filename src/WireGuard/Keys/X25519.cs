using System.Security.Cryptography;
using Rfc7748 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Dtaas.WireGuard.Keys;

/// <summary>X25519 (RFC 7748) on WireGuard keys. Scalars are clamped inside, as WireGuard does, so any 32 bytes work as a private key.</summary>
public static class X25519
{
    public static WireGuardKey PublicKeyOf(WireGuardPrivateKey privateKey)
    {
        var scalar = privateKey.AsSpan().ToArray();
        var result = new byte[WireGuardKey.Length];
        try
        {
            Rfc7748.ScalarMultBase(scalar, 0, result, 0);
            return WireGuardKey.FromBytes(result);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <summary>
    /// The Diffie-Hellman shared secret. A public key of small order yields all zeros, which would make the
    /// "secret" known to anyone; like WireGuard we refuse it (<see cref="CryptographicException"/>).
    /// </summary>
    public static byte[] SharedSecret(WireGuardPrivateKey privateKey, WireGuardKey publicKey)
    {
        var scalar = privateKey.AsSpan().ToArray();
        var point = publicKey.ToArray();
        var shared = new byte[WireGuardKey.Length];
        try
        {
            Rfc7748.ScalarMult(scalar, 0, point, 0, shared, 0);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
        if (shared.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            throw new CryptographicException("the public key is of small order (the shared secret would be zero)");
        }
        return shared;
    }
}
