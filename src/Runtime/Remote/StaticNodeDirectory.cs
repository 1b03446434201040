using System.Collections.Concurrent;

namespace Dtaas.Runtime;

/// <summary>A node directory whose entries are set explicitly (tests, and the federation as it learns members).</summary>
public sealed class StaticNodeDirectory : INodeDirectory
{
    private readonly ConcurrentDictionary<string, Uri> _nodes = new(StringComparer.Ordinal);

    public void Set(string nodeId, Uri address) => _nodes[nodeId] = address;

    public bool TryGetAddress(string nodeId, out Uri address) => _nodes.TryGetValue(nodeId, out address!);
}
