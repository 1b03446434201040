using Dtaas.WireGuard.Netns;

namespace Dtaas.WireGuard.Devices;

/// <summary>
/// The port through which the node manages its WireGuard interfaces. Interfaces outlive the object that made them:
/// a restarted node adopts an existing interface by name, with its key and peers unchanged.
/// </summary>
public interface IWireGuardDevices
{
    /// <summary>
    /// Returns the interface <paramref name="name"/> in <paramref name="netns"/> (null: the process's own), adopting it
    /// as it is when it exists there, or creating it (down, unconfigured) when it does not.
    /// </summary>
    Task<WireGuardDevice> CreateOrAdoptAsync(string name, string? netns, CancellationToken cancellationToken);

    /// <summary>The WireGuard interface <paramref name="name"/> in <paramref name="netns"/> if there is one (of either backend), else null.</summary>
    Task<WireGuardDevice?> FindAsync(string name, string? netns, CancellationToken cancellationToken);

    Task ConfigureAsync(WireGuardDevice device, DeviceConfig config, CancellationToken cancellationToken);

    Task<DeviceState> GetStateAsync(WireGuardDevice device, CancellationToken cancellationToken);

    /// <summary>Assigns an address; assigning one it already has is not an error.</summary>
    Task AddAddressAsync(WireGuardDevice device, InterfaceAddress address, CancellationToken cancellationToken);

    Task SetUpAsync(WireGuardDevice device, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the interface into <paramref name="targetNetns"/> (e.g. a pod's). Its UDP socket stays where the interface
    /// was made; the kernel drops its addresses and sets it down, so assign and bring it up again on the returned handle.
    /// </summary>
    Task<WireGuardDevice> MoveAsync(WireGuardDevice device, string? targetNetns, CancellationToken cancellationToken);

    /// <summary>Deletes the interface (and, for wireguard-go, its process); deleting one that is gone is not an error.</summary>
    Task DeleteAsync(WireGuardDevice device, CancellationToken cancellationToken);
}
