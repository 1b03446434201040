namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>What a joining node says about itself, inside the sealed join request.</summary>
/// <param name="OverlayNetworks">The /16s of the other domains the node is in: a domain on one of them cannot be joined.</param>
public sealed record JoinRequest(string NodeId, string Name, string PublicKey, string Endpoint, IReadOnlyList<string>? OverlayNetworks = null);
