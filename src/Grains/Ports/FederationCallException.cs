using Orleans;

namespace Dtaas.Grains.Ports;

/// <summary>
/// A federation call did not get an answer from the node it was meant for: the node is not known on the domain's
/// overlay, cannot be reached, or failed in a way the protocol has no more precise word for. The message says which,
/// naming the node and the request, as the objects and logs show it.
/// </summary>
/// <remarks>Serializable: on a node of several silos it crosses from the Lease holder to the grain that made the call.</remarks>
[GenerateSerializer, Alias("dtaas.FederationCallException")]
public sealed class FederationCallException(string message, Exception? inner = null) : Exception(message, inner);
