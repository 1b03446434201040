using System.Security.Cryptography;
using System.Text;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>
/// A trust's id names its home, so no other member can pose as it: 32 lowercase hex, 12 drawn at random and 20 that
/// are the start of SHA-256 over the home's node id and those 12. A node is the home of a trust only when the id
/// checks against its node id (an 80-bit match that another node cannot grind a node id for).
/// </summary>
public static class TrustIds
{
    private const int DrawnHex = 12;

    /// <summary>A new id for a trust kept on node <paramref name="homeNodeId"/>.</summary>
    public static string New(string homeNodeId)
    {
        var drawn = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(DrawnHex / 2));
        return drawn + Tag(homeNodeId, drawn);
    }

    /// <summary>Whether <paramref name="trustId"/> is an id of a trust kept on node <paramref name="nodeId"/>.</summary>
    public static bool IsHome(string? trustId, string nodeId) =>
        trustId is { Length: 32 } && trustId.All(char.IsAsciiHexDigitLower) &&
        trustId[DrawnHex..] == Tag(nodeId, trustId[..DrawnHex]);

    private static string Tag(string nodeId, string drawn) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"dtaas-trust|{nodeId}|{drawn}")))[..(32 - DrawnHex)];
}
