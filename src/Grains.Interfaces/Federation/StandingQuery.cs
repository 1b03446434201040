namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>
/// A member's question to the creator's public gateway, sealed to the creator's key, when the creator stopped answering
/// over the overlay: is <paramref name="NodeId"/> still in the domain? (A node removed or a domain dissolved while the
/// node was down is never told over the overlay: the creator no longer has it as a WireGuard peer.)
/// </summary>
public sealed record StandingQuery(string NodeId);
