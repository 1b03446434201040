using System.Net;

namespace Dtaas.Grains.Domains;

/// <summary>
/// Overlay addressing (DESIGN.md 2.3): each domain gets a /16 inside 100.64.0.0/10 (64 of them), chosen by its creator
/// so its own domains do not collide; in it the creator is .0.1 and each joiner takes the lowest free address.
/// </summary>
/// <remarks>
/// The search starts at a /16 picked by the domain's uid rather than at the first: every creator would otherwise pick
/// 100.64.0.0/16, and a node joining the domains of two creators would always find them overlapping. A node still
/// refuses to join a domain whose /16 overlaps one it is in (1 in 64 for two domains).
/// </remarks>
public static class OverlayAddressPool
{
    private const uint SharedSpace = 0x64400000; // 100.64.0.0/10
    private const int Networks = 64;

    /// <summary>The first /16 of 100.64.0.0/10 not in <paramref name="inUse"/> from the one <paramref name="domainUid"/> picks, round; null when all 64 are taken.</summary>
    public static string? ChooseNetwork(IEnumerable<string> inUse, Guid domainUid)
    {
        var taken = inUse.ToHashSet(StringComparer.Ordinal);
        uint start = (uint)(System.Security.Cryptography.SHA256.HashData(domainUid.ToByteArray())[0] % Networks);
        for (uint step = 0; step < Networks; step++)
        {
            var network = $"{Format(SharedSpace + (((start + step) % Networks) << 16))}/16";
            if (!taken.Contains(network))
            {
                return network;
            }
        }
        return null;
    }

    /// <summary>The creator's address in <paramref name="network"/> (.0.1).</summary>
    public static string CreatorAddress(string network) => Format(Base(network) + 1);

    /// <summary>The lowest address of <paramref name="network"/> after .0.1 not in <paramref name="taken"/>; null when the /16 is full.</summary>
    public static string? NextFree(string network, IEnumerable<string> taken)
    {
        var used = taken.Select(a => Parse(a)).ToHashSet();
        uint first = Base(network);
        for (uint host = 2; host < 0xFFFF; host++) // .0.0 is the network, .255.255 the broadcast
        {
            if (!used.Contains(first + host))
            {
                return Format(first + host);
            }
        }
        return null;
    }

    private static uint Base(string network)
    {
        var slash = network.IndexOf('/');
        if (slash < 0 || network[(slash + 1)..] != "16" || (Parse(network[..slash]) & 0xFFFF) != 0 || (Parse(network[..slash]) & 0xFFC00000) != SharedSpace)
        {
            throw new ArgumentException($"'{network}' is not a /16 inside 100.64.0.0/10.");
        }
        return Parse(network[..slash]);
    }

    private static uint Parse(string address)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    private static string Format(uint value) => new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
}
