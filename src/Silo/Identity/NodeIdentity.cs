using System.Security.Cryptography;
using Dtaas.WireGuard.Keys;

namespace Dtaas.Silo.Identity;

/// <summary>Who this node is: a 32-hex id and an X25519 key pair (its WireGuard key), created once and kept; and its DNS name.</summary>
public sealed record NodeIdentity(string Id, string Name, KeyPair Keys)
{
    public static NodeIdentity CreateNew(string name) => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), name, KeyPair.Generate());

    /// <summary>Rebuilds a kept identity; <paramref name="where"/> names the store for the error when it is damaged.</summary>
    public static NodeIdentity Restore(string? id, string? privateKey, string name, string where)
    {
        if (id is not { Length: 32 } || !id.All(char.IsAsciiHexDigitLower))
        {
            throw new IOException($"{where} holds no valid node id ('{id}'); restore it from a backup, or remove it to give this node a new identity.");
        }
        return WireGuardPrivateKey.TryParse(privateKey, out var key, out var error)
            ? new NodeIdentity(id, name, KeyPair.FromPrivateKey(key))
            : throw new IOException($"{where} holds no valid private key ({error}); restore it from a backup, or remove it to give this node a new identity.");
    }
}
