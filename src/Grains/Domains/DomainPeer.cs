namespace Dtaas.Grains.Domains;

/// <summary>Another node of a domain this node shares, and the domain through which federation calls reach it.</summary>
public sealed record DomainPeer(string NodeId, string Name, Guid Domain);
