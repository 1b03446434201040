namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>One node of a domain as every member knows it.</summary>
/// <param name="NodeId">32 lowercase hex.</param>
/// <param name="Name">The node's DNS name.</param>
/// <param name="PublicKey">The node's X25519 (WireGuard) public key, base64.</param>
/// <param name="Endpoint">Where its WireGuard UDP port is reached, <c>host:port</c>.</param>
/// <param name="OverlayAddress">Its address on the domain's overlay, inside <see cref="Membership.OverlayNetwork"/>.</param>
public sealed record DomainMember(string NodeId, string Name, string PublicKey, string Endpoint, string OverlayAddress);
