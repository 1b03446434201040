using System.Collections.Concurrent;
using System.Diagnostics;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Federation.Bench;

/// <summary>
/// When each node first held each version of the member list: stamped inside the store's write of the node's dtDomain,
/// so no polling interval is added to what is measured.
/// </summary>
public sealed class MemberListClock
{
    private readonly ConcurrentDictionary<(string NodeId, long Version), long> _firstHeld = new();
    private readonly ConcurrentDictionary<string, long> _latest = new(StringComparer.Ordinal);

    public MemberListClock(FederationCluster cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            node.Objects.Changed += changed => Stamp(node.Id, changed);
        }
    }

    /// <summary>Whether every node of <paramref name="nodeIds"/> holds <paramref name="version"/> or a later list; cheap enough to ask after every write.</summary>
    public bool AllHold(IEnumerable<string> nodeIds, long version) =>
        nodeIds.All(id => _latest.TryGetValue(id, out var latest) && latest >= version);

    /// <summary>When <paramref name="nodeId"/> first held <paramref name="version"/> or a later list; null if it has not.</summary>
    public long? HeldAt(string nodeId, long version)
    {
        long? first = null;
        foreach (var ((node, held), at) in _firstHeld)
        {
            if (node == nodeId && held >= version && (first is null || at < first))
            {
                first = at;
            }
        }
        return first;
    }

    /// <summary>Ticks from the creator holding <paramref name="version"/> until the last of <paramref name="nodeIds"/> held it; null if one has not.</summary>
    public long? Convergence(string creatorId, IEnumerable<string> nodeIds, long version)
    {
        var start = HeldAt(creatorId, version);
        var held = nodeIds.Select(id => HeldAt(id, version)).ToList();
        return start is null || held.Any(at => at is null) ? null : held.Max()!.Value - start.Value;
    }

    private void Stamp(string nodeId, IKubernetesObject changed)
    {
        var at = Stopwatch.GetTimestamp();
        if (changed is DtDomain { Metadata.Name: FederationCluster.DomainName } domain && DomainAnnotations.ReadMemberList(domain) is { } memberList)
        {
            _firstHeld.TryAdd((nodeId, memberList.Version), at);
            _latest.AddOrUpdate(nodeId, memberList.Version, (_, held) => Math.Max(held, memberList.Version));
        }
    }
}
