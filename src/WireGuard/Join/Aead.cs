using System.Security.Cryptography;

namespace Dtaas.WireGuard.Join;

/// <summary>
/// ChaCha20-Poly1305 over a message laid out as header | ciphertext | tag, where the header ends with the 12-byte
/// random nonce and the whole header is the associated data: any change to it fails the tag.
/// </summary>
internal static class Aead
{
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Writes <paramref name="headerBeforeNonce"/>, a fresh random nonce, the ciphertext and the tag.</summary>
    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> headerBeforeNonce, ReadOnlySpan<byte> plaintext)
    {
        var headerLength = headerBeforeNonce.Length + NonceLength;
        var message = new byte[headerLength + plaintext.Length + TagLength];
        headerBeforeNonce.CopyTo(message);
        var header = message.AsSpan(0, headerLength);
        RandomNumberGenerator.Fill(header[^NonceLength..]);
        using var cipher = new ChaCha20Poly1305(key);
        cipher.Encrypt(header[^NonceLength..], plaintext, message.AsSpan(headerLength, plaintext.Length), message.AsSpan(message.Length - TagLength), header);
        return message;
    }

    /// <summary>Null when the tag does not verify. The caller has checked the message is at least header + tag long.</summary>
    public static byte[]? Open(byte[] key, ReadOnlySpan<byte> message, int headerLength)
    {
        var header = message[..headerLength];
        var ciphertext = message[headerLength..^TagLength];
        var plaintext = new byte[ciphertext.Length];
        using var cipher = new ChaCha20Poly1305(key);
        try
        {
            cipher.Decrypt(header[^NonceLength..], ciphertext, message[^TagLength..], plaintext, header);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
