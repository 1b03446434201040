namespace Dtaas.Grains.Interfaces.Node;

/// <summary>A node's identity and uptime as its node grain reports them.</summary>
public sealed record NodeInfo(string Id, string Name, string Version, DateTimeOffset StartedAt);
