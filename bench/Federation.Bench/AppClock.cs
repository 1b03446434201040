using System.Collections.Concurrent;
using System.Diagnostics;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Federation.Bench;

/// <summary>
/// When each node first held, and first lost, each dtApp (by name, which for a replica is the app's id): stamped inside
/// the store's write, like <see cref="MemberListClock"/>, so no polling interval is added to what is measured.
/// </summary>
public sealed class AppClock
{
    private readonly ConcurrentDictionary<(string NodeId, string Name), long> _held = new();
    private readonly ConcurrentDictionary<(string NodeId, string Name), long> _gone = new();

    public AppClock(FederationCluster cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            node.Objects.Changed += changed => Stamp(node, changed);
        }
    }

    public bool AllHold(IEnumerable<FederationNode> nodes, string name) => nodes.All(node => _held.ContainsKey((node.Id, name)));

    public bool AllLost(IEnumerable<FederationNode> nodes, string name) => nodes.All(node => _gone.ContainsKey((node.Id, name)));

    /// <summary>When the last of <paramref name="nodes"/> first held <paramref name="name"/>.</summary>
    public long LastHeld(IEnumerable<FederationNode> nodes, string name) => nodes.Max(node => _held[(node.Id, name)]);

    /// <summary>When the last of <paramref name="nodes"/> lost <paramref name="name"/>.</summary>
    public long LastLost(IEnumerable<FederationNode> nodes, string name) => nodes.Max(node => _gone[(node.Id, name)]);

    private void Stamp(FederationNode node, IKubernetesObject changed)
    {
        var at = Stopwatch.GetTimestamp();
        if (changed is not DtApp { Metadata.Name: { } name })
        {
            return;
        }
        // The event carries the object as stored or as it was when deleted: the store says which.
        if (node.Objects.Get<DtApp>(FederationNode.Namespace, name) is { Metadata.DeletionTimestamp: null })
        {
            _held.TryAdd((node.Id, name), at);
        }
        else
        {
            _gone.TryAdd((node.Id, name), at);
        }
    }
}
