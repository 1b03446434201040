using Orleans;
using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Ports;

/// <summary>
/// The node's side of one domain's overlay (DESIGN.md 2.3): a WireGuard interface with the node's key and overlay
/// address, one peer per other member, and the federation listener on the overlay address that knows each caller by
/// its source address. Also makes the members reachable by grain calls (the node directory).
/// </summary>
public interface IOverlayNetwork
{
    /// <summary>Creates or adopts the interface and makes it match <paramref name="config"/> exactly; cheap when it already does.</summary>
    Task EnsureAsync(OverlayConfig config, CancellationToken cancellationToken);

    /// <summary>Removes the domain's interface and listener; removing what is not there is not an error.</summary>
    Task RemoveAsync(Guid domainUid, CancellationToken cancellationToken);

    /// <summary>When the last WireGuard handshake with <paramref name="publicKey"/> completed, null if never (or unknown).</summary>
    Task<DateTimeOffset?> LastHandshakeAsync(Guid domainUid, string publicKey, CancellationToken cancellationToken);
}

/// <summary>One domain's overlay as this node should have it.</summary>
/// <param name="Network">The domain's /16, e.g. <c>100.64.0.0/16</c>.</param>
/// <param name="Self">This node's entry: its overlay address, and the UDP port of its endpoint is the interface's listen port.</param>
/// <param name="Peers">Every other member.</param>
[GenerateSerializer, Immutable, Alias("dtaas.OverlayConfig")]
public sealed record OverlayConfig([property: Id(0)] Guid DomainUid, [property: Id(1)] string Network, [property: Id(2)] DomainMember Self,
    [property: Id(3)] IReadOnlyList<DomainMember> Peers);
