using System.Security.Cryptography;
using System.Text;

namespace Dtaas.Grains.Ports;

/// <summary>
/// The bytes of a Secret's key, or why there are none (the Secret or the key is missing), in words for a <c>message</c>;
/// <see cref="Version"/> is the Secret's uid and resourceVersion when the store has them.
/// </summary>
public sealed record SecretKeyValue(byte[]? Value, string? Problem, string? Version = null)
{
    public static SecretKeyValue Found(byte[] value, string? version = null) => new(value, null, version);

    public static SecretKeyValue Missing(string problem) => new(null, problem);

    /// <summary>
    /// What a login token was issued against: changes when the Secret, its key, its version or its value does (a password
    /// change ends the tokens issued before). Hashed, so the password is not what a session keeps.
    /// </summary>
    public string Fingerprint(string secret, string key) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes($"{secret}\0{key}\0{Version}\0{Problem}\0"), .. Value ?? []]));
}
