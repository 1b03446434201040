namespace Dtaas.Grains.Node;

/// <summary>What the silo tells its grains about the node they run on.</summary>
/// <param name="PublicKey">The node's static X25519 public key (its WireGuard key), base64.</param>
public sealed record NodeDescription(string Id, string Name, DateTimeOffset StartedAt, string PublicKey);
