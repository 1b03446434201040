using System.Security.Cryptography;
using System.Text;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Join;

/// <summary>
/// The two ChaCha20-Poly1305 keys of one join exchange, derived from X25519(ephemeral, creator static) with HKDF-SHA256
/// salted with the invite secret: so producing a request needs the token, and reading it needs the creator's private key.
/// Distinct info strings keep the request and reply keys independent.
/// </summary>
internal sealed record JoinKeys(byte[] RequestKey, byte[] ReplyKey)
{
    public const int InviteSecretLength = 32;

    private static readonly byte[] RequestInfo = Encoding.ASCII.GetBytes("dtaas join request v1");
    private static readonly byte[] ReplyInfo = Encoding.ASCII.GetBytes("dtaas join reply v1");

    /// <exception cref="CryptographicException">The public key is of small order.</exception>
    public static JoinKeys Derive(WireGuardPrivateKey privateKey, WireGuardKey publicKey, ReadOnlySpan<byte> inviteSecret)
    {
        if (inviteSecret.Length != InviteSecretLength)
        {
            throw new ArgumentException($"the invite secret is {InviteSecretLength} bytes, got {inviteSecret.Length}", nameof(inviteSecret));
        }
        var shared = X25519.SharedSecret(privateKey, publicKey);
        try
        {
            return new JoinKeys(Expand(shared, inviteSecret, RequestInfo), Expand(shared, inviteSecret, ReplyInfo));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    private static byte[] Expand(byte[] shared, ReadOnlySpan<byte> salt, byte[] info)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, key, salt, info);
        return key;
    }
}
