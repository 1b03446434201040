using Orleans;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>One node of a domain as every member knows it.</summary>
/// <param name="NodeId">32 lowercase hex.</param>
/// <param name="Name">The node's DNS name.</param>
/// <param name="PublicKey">The node's X25519 (WireGuard) public key, base64.</param>
/// <param name="Endpoint">Where its WireGuard UDP port is reached, <c>host:port</c>.</param>
/// <param name="OverlayAddress">Its address on the domain's overlay, inside <see cref="MemberList.OverlayNetwork"/>.</param>
[GenerateSerializer, Immutable, Alias("dtaas.DomainMember")]
public sealed record DomainMember([property: Id(0)] string NodeId, [property: Id(1)] string Name, [property: Id(2)] string PublicKey, [property: Id(3)] string Endpoint, [property: Id(4)] string OverlayAddress);
