using Orleans;

namespace Dtaas.Grains.Interfaces.Services;

/// <summary>A node asks the registry for its pod's place on network <paramref name="Name"/>, creating the network when new.</summary>
/// <param name="PublicKey">The pod interface's WireGuard key.</param>
/// <param name="Endpoint">Where the node would serve the network if it becomes its server (<c>host:port</c>).</param>
[GenerateSerializer, Immutable, Alias("dtaas.NetworkJoin")]
public sealed record NetworkJoin([property: Id(0)] string Name, [property: Id(1)] string PublicKey, [property: Id(2)] string Endpoint);
