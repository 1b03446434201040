using System.Collections.Concurrent;
using System.Net;

namespace Dtaas.Federation.Harness;

/// <summary>
/// One node's routing table for its overlays: a connection to a member of a domain leaves from this node's own
/// address in that domain, as the kernel picks the WireGuard interface's address. The grain runtime asks it for the
/// source of every new connection (<c>GrainRuntimeOptions.LocalAddress</c>).
/// </summary>
public sealed class OverlayRoutes
{
    private readonly ConcurrentDictionary<byte, IPAddress> _sources = new();

    public void Set(IPAddress ownAlias) => _sources[LoopbackAlias.NetworkOf(ownAlias)!.Value] = ownAlias;

    public void Remove(IPAddress ownAlias) => _sources.TryRemove(LoopbackAlias.NetworkOf(ownAlias)!.Value, out _);

    public IPAddress? SourceFor(DnsEndPoint destination) =>
        IPAddress.TryParse(destination.Host, out var address) && LoopbackAlias.NetworkOf(address) is { } network
            ? _sources.GetValueOrDefault(network)
            : null;
}
