namespace Dtaas.Runtime;

/// <summary>What a silo says about itself to a connecting client.</summary>
public sealed record SiloInfo(string NodeId, string NodeName);
