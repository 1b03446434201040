using Orleans;

namespace Dtaas.Grains.Ports;

/// <summary>
/// This node cannot build overlay interfaces at all (no WireGuard backend works here), as opposed to a failure of one
/// call. The message says what to install; grains show it rather than fail the request that needed the overlay.
/// </summary>
[GenerateSerializer, Alias("dtaas.OverlayUnavailableException")]
public sealed class OverlayUnavailableException(string message) : Exception(message);
