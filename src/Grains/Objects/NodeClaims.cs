using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Objects;

/// <summary>
/// Which member entries of this node's domains are the nodes they say they are. A node is its key: different creators
/// may admit one name (or one node id) under two keys, so across domains the first met keeps the name and the id, and
/// every other entry claiming either is refused (nothing federated from it counts here). "First met" is the oldest
/// dtPeer (this node makes one per node id when a member list names it, and keeps it while the node stays), then the
/// oldest dtDomain, then the domain's name, then the member's place in its list; this node's own entries come before
/// all. Names compare without case: they are DNS names.
/// </summary>
public sealed class NodeClaims
{
    private readonly Dictionary<(Guid Domain, string NodeId), string> _refused;

    private NodeClaims(Dictionary<(Guid, string), string> refused) => _refused = refused;

    /// <param name="domains">The domains, each with its member list (as the caller read it).</param>
    /// <param name="peers">The dtPeers, for when this node met each member.</param>
    public static NodeClaims Of(IEnumerable<(DtDomain Domain, MemberList MemberList)> domains, IEnumerable<DtPeer> peers, string selfNodeId)
    {
        var met = new Dictionary<(string?, string), DateTimeOffset>();
        foreach (var peer in peers)
        {
            if ((peer.Id ?? peer.Metadata.Name) is { } id && peer.Metadata.CreationTimestamp is { } created)
            {
                met[(peer.Metadata.Namespace, id)] = created;
            }
        }
        var entries = domains
            .SelectMany(d => d.MemberList.Members.Select((m, index) => (d.Domain, d.MemberList.DomainUid, Member: m, Index: index)))
            .OrderBy(e => e.Member.NodeId == selfNodeId ? 0 : 1)
            .ThenBy(e => met.TryGetValue((e.Domain.Metadata.Namespace, e.Member.NodeId), out var at) ? at : DateTimeOffset.MaxValue)
            .ThenBy(e => e.Domain.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(e => $"{e.Domain.Metadata.Namespace}/{e.Domain.Metadata.Name}", StringComparer.Ordinal)
            .ThenBy(e => e.Index);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal); // node id → the key it was first met with
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); // name → the node id first met with it
        var refused = new Dictionary<(Guid, string), string>();
        foreach (var (_, uid, member, _) in entries)
        {
            var key = keys.TryAdd(member.NodeId, member.PublicKey) ? member.PublicKey : keys[member.NodeId];
            var holder = names.TryAdd(member.Name, member.NodeId) ? member.NodeId : names[member.Name];
            if (key != member.PublicKey)
            {
                refused.TryAdd((uid, member.NodeId),
                    $"node id {member.NodeId} is held by another key in another domain this node met first; the entry named {member.Name} with key {member.PublicKey} is not that node");
            }
            else if (holder != member.NodeId)
            {
                refused.TryAdd((uid, member.NodeId),
                    $"node name {member.Name} is held by node {holder}, which this node met first; node {member.NodeId} uses the same name and is refused");
            }
        }
        return new NodeClaims(refused);
    }

    /// <summary>Why the entry of <paramref name="nodeId"/> in domain <paramref name="domainUid"/> is refused, or null when it is the node it says.</summary>
    public string? Refusal(Guid domainUid, string nodeId) => _refused.GetValueOrDefault((domainUid, nodeId));
}
