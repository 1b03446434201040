using Dtaas.WireGuard.Keys;

namespace Dtaas.Silo.Identity;

/// <summary>Who this node is: a 32-hex id and an X25519 key pair (its WireGuard key), created once and kept; and its DNS name.</summary>
public sealed record NodeIdentity(string Id, string Name, KeyPair Keys);
