using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>The member whose servable it is: its node id and its name in this node's member list.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.ServableLocation")]
public sealed record ServableLocation([property: Id(0)] string NodeId, [property: Id(1)] string NodeName);
