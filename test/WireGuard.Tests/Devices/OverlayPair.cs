namespace Dtaas.WireGuard.Tests.Devices;

/// <summary>Two nodes' interfaces, each the other's peer.</summary>
public sealed record OverlayPair(OverlayEnd A, OverlayEnd B);
