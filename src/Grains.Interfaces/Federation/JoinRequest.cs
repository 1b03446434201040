namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>What a joining node says about itself, inside the sealed join request.</summary>
public sealed record JoinRequest(string NodeId, string Name, string PublicKey, string Endpoint);
