using System.Net;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces.Services;

namespace Dtaas.Grains.Services;

/// <summary>
/// The decisions of a domain's network registry (DESIGN.md 2.5), kept by the creator: the first pod to ask for a
/// name creates the network and becomes its server (<c>.1</c> of the lowest free /24 in 100.96.0.0/12); every other
/// node's pod gets the next free address. Asking again gives the same place. Pure: the creator's dtDomain grain keeps
/// the book and sends the changes.
/// </summary>
public static class NetworkRegistry
{
    /// <summary>100.96.0.0/12: 4,096 networks of 253 pods.</summary>
    private const uint SpaceStart = (100u << 24) | (96u << 16);
    private const int SpaceNetworks = 4096;
    private const int LastHost = 254;

    public sealed record Outcome(IReadOnlyList<ServiceNetwork> Book, ServiceNetwork? Network, string? Refusal);

    public static Outcome Join(IReadOnlyList<ServiceNetwork> book, Guid domainUid, NetworkJoin join, string nodeId, Func<Guid> newId)
    {
        if (string.IsNullOrWhiteSpace(join.Name) || !IsKey(join.PublicKey) || string.IsNullOrWhiteSpace(join.Endpoint))
        {
            return new Outcome(book, null, "the request names no network, key or endpoint");
        }
        var existing = book.FirstOrDefault(n => n.Name == join.Name);
        if (existing is null || existing.Dissolved)
        {
            if (book.Count(n => !n.Dissolved && n.Server?.NodeId == nodeId) is var served && served >= FairShares.NetworksPerMember)
            {
                return new Outcome(book, null, $"node {nodeId} serves {served} networks of this domain already; a member may create at most " +
                    $"{FairShares.NetworksPerMember} (a fair share of the domain), so network {join.Name} was not created");
            }
            var subnet = FreeSubnet(book);
            if (subnet is null)
            {
                return new Outcome(book, null, $"every /24 of 100.96.0.0/12 is taken by the domain's {book.Count} networks");
            }
            var created = new ServiceNetwork(domainUid, join.Name, newId(), 1, $"{Host(subnet.Value, 0)}/24",
                [new NetworkPeer(Host(subnet.Value, 1), nodeId, join.PublicKey, NetworkRole.Server, join.Endpoint)]);
            return new Outcome([.. book.Where(n => n != existing), created], created, null);
        }
        if (existing.Find(nodeId) is { } held)
        {
            if (held.PublicKey == join.PublicKey && (held.Role != NetworkRole.Server || held.Endpoint == join.Endpoint))
            {
                return new Outcome(book, existing, null); // asked again (a restart): the same place
            }
            var renewed = held with { PublicKey = join.PublicKey, Endpoint = held.Role == NetworkRole.Server ? join.Endpoint : null };
            return Replace(book, existing with { Version = existing.Version + 1, Peers = [.. existing.Peers.Select(p => p == held ? renewed : p)] });
        }
        var start = SubnetIndex(existing.Subnet);
        var taken = existing.Peers.Select(p => IPAddress.Parse(p.Address).GetAddressBytes()[3]).ToHashSet();
        var free = Enumerable.Range(2, LastHost - 1).FirstOrDefault(host => !taken.Contains((byte)host));
        if (free == 0)
        {
            return new Outcome(book, null, $"network {join.Name} is full ({LastHost - 1} pods)");
        }
        var peer = new NetworkPeer(Host(start, free), nodeId, join.PublicKey, NetworkRole.Client, null);
        return Replace(book, existing with { Version = existing.Version + 1, Peers = [.. existing.Peers, peer] });
    }

    /// <summary>Takes <paramref name="nodeId"/>'s pod off the network; the server leaving dissolves it (the result says so).</summary>
    public static Outcome Leave(IReadOnlyList<ServiceNetwork> book, string name, string nodeId)
    {
        if (book.FirstOrDefault(n => n.Name == name) is not { Dissolved: false } network || network.Find(nodeId) is not { } peer)
        {
            return new Outcome(book, null, null);
        }
        if (peer.Role == NetworkRole.Server)
        {
            // Kept as a tombstone until its clients have heard (and the name is taken again); its subnet is free at once.
            return Replace(book, network with { Version = network.Version + 1, Dissolved = true });
        }
        return Replace(book, network with { Version = network.Version + 1, Peers = [.. network.Peers.Where(p => p != peer)] });
    }

    /// <summary>The networks with a pod of <paramref name="nodeId"/> (for when it leaves the domain).</summary>
    public static IEnumerable<string> NetworksOf(IReadOnlyList<ServiceNetwork> book, string nodeId) =>
        book.Where(n => !n.Dissolved && n.Find(nodeId) is not null).Select(n => n.Name);

    private static Outcome Replace(IReadOnlyList<ServiceNetwork> book, ServiceNetwork changed) =>
        new([.. book.Select(n => n.Name == changed.Name ? changed : n)], changed, null);

    private static int? FreeSubnet(IReadOnlyList<ServiceNetwork> book)
    {
        var taken = book.Where(n => !n.Dissolved).Select(n => SubnetIndex(n.Subnet)).ToHashSet();
        for (int index = 0; index < SpaceNetworks; index++)
        {
            if (!taken.Contains(index))
            {
                return index;
            }
        }
        return null;
    }

    private static int SubnetIndex(string subnet)
    {
        var bytes = IPAddress.Parse(subnet[..subnet.IndexOf('/')]).GetAddressBytes();
        uint value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8);
        return (int)((value - SpaceStart) >> 8);
    }

    private static string Host(int subnetIndex, int host)
    {
        uint value = SpaceStart + ((uint)subnetIndex << 8) + (uint)host;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
    }

    private static bool IsKey(string? text)
    {
        Span<byte> bytes = stackalloc byte[33];
        return text is { Length: 44 } && Convert.TryFromBase64String(text, bytes, out var written) && written == 32;
    }
}
