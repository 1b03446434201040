using System.Collections.Concurrent;

namespace Dtaas.Silo.Federation;

/// <summary>The node directory, changed as it goes (hence mutable): its entries are set by the overlay as it learns the members of each domain, and by tests.</summary>
/// <param name="forgotten">Told of an address no member of any domain has any more (the federation's channels close it).</param>
public sealed class MutableNodeDirectory(Action<Uri>? forgotten = null) : INodeDirectory
{
    private readonly ConcurrentDictionary<(string NodeId, Guid DomainUid), Uri> _byDomain = new();
    private readonly ConcurrentDictionary<string, Uri> _latest = new(StringComparer.Ordinal);

    public void Set(string nodeId, Guid domainUid, Uri address)
    {
        _byDomain[(nodeId, domainUid)] = address;
        _latest[nodeId] = address;
    }

    /// <summary>The members of <paramref name="domainUid"/> are these, and only these.</summary>
    public void SetDomain(Guid domainUid, IReadOnlyDictionary<string, Uri> members)
    {
        var before = _byDomain.Where(e => e.Key.DomainUid == domainUid).Select(e => e.Value).ToList();
        foreach (var gone in _byDomain.Keys.Where(k => k.DomainUid == domainUid && !members.ContainsKey(k.NodeId)))
        {
            _byDomain.TryRemove(gone, out _);
        }
        foreach (var (nodeId, address) in members)
        {
            Set(nodeId, domainUid, address);
        }
        foreach (var address in before.Distinct().Where(a => !_byDomain.Values.Contains(a)))
        {
            forgotten?.Invoke(address);
        }
    }

    /// <summary>This node is no longer in <paramref name="domainUid"/>.</summary>
    public void RemoveDomain(Guid domainUid) => SetDomain(domainUid, new Dictionary<string, Uri>());

    public bool TryGetAddress(string nodeId, Guid domainUid, out Uri address) => _byDomain.TryGetValue((nodeId, domainUid), out address!);

    public bool TryGetAddress(string nodeId, out Uri address) => _latest.TryGetValue(nodeId, out address!);
}
