namespace Dtaas.Silo.Identity;

/// <summary>Who this node is: a 32-hex id created once and kept, and its DNS name.</summary>
public sealed record NodeIdentity(string Id, string Name);
