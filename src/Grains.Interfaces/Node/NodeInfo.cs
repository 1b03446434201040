using Orleans;

namespace Dtaas.Grains.Interfaces.Node;

/// <summary>A node's identity and uptime as its node grain reports them.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.NodeInfo")]
public sealed record NodeInfo([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] string Version, [property: Id(3)] DateTimeOffset StartedAt);
