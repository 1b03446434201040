using System.Security.Cryptography;
using System.Text;

namespace Dtaas.WireGuard.Devices;

/// <summary>
/// Interface names. Linux allows at most 15 bytes, and wireguard-go's UAPI sockets share one directory per host, so a
/// name must be unique per host, not just per namespace. <see cref="Derive"/> makes <c>dt</c> + 10 hex digits of
/// SHA-256(scope, node): stable across restarts (so the interface can be adopted), distinct for every domain or
/// network and node on the host (40 bits: a collision is about one in a million at 1,500 interfaces on one host).
/// </summary>
public static class InterfaceNames
{
    public const int MaxLength = 15;
    public const string Prefix = "dt";

    /// <param name="scope">What the interface serves: a domain uid or a network id.</param>
    /// <param name="node">The node (or pod) it belongs to, so nodes sharing a host (namespaces in tests and demos) differ.</param>
    public static string Derive(string scope, string node)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{node}"));
        return Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 5));
    }

    /// <summary>Throws unless <paramref name="name"/> is 1-15 characters of letters, digits, '-', '_' or '.'.</summary>
    public static string Validate(string name)
    {
        if (name.Length is 0 or > MaxLength || name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException(
                $"'{name}' is not a usable interface name: 1-{MaxLength} characters of letters, digits, '-', '_' or '.'", nameof(name));
        }
        return name;
    }
}
