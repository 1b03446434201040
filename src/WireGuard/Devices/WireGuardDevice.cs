namespace Dtaas.WireGuard.Devices;

/// <summary>
/// A handle on one WireGuard interface: its host-unique name, the network namespace it is in now (null: the process's
/// own), the backend that made it, and whether this handle adopted an interface that already existed.
/// </summary>
public sealed record WireGuardDevice(string Name, string? Netns, WireGuardBackend Backend, bool Adopted);
