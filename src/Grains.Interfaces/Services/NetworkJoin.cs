namespace Dtaas.Grains.Interfaces.Services;

/// <summary>A node asks the registry for its pod's place on network <paramref name="Name"/>, creating the network when new.</summary>
/// <param name="PublicKey">The pod interface's WireGuard key.</param>
/// <param name="Endpoint">Where the node would serve the network if it becomes its server (<c>host:port</c>).</param>
public sealed record NetworkJoin(string Name, string PublicKey, string Endpoint);
