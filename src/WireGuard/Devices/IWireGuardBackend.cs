namespace Dtaas.WireGuard.Devices;

/// <summary>
/// What differs between the kernel module and wireguard-go: making or finding an interface, configuring and reading it,
/// and deleting it. Addresses, link state and namespace moves are plain <c>ip</c> and live in <see cref="WireGuardDevices"/>.
/// </summary>
internal interface IWireGuardBackend
{
    WireGuardBackend Kind { get; }

    /// <summary>Null when this host looks able to make this backend's interfaces, else what is missing (no side effects).</summary>
    string? Problem();

    /// <summary>The interface if it exists in <paramref name="netns"/> and is this backend's, else null.</summary>
    Task<WireGuardDevice?> TryAdoptAsync(string name, string? netns, CancellationToken cancellationToken);

    /// <summary>Creates the interface; throws <see cref="WireGuardBackendUnavailableException"/> when this host cannot.</summary>
    Task<WireGuardDevice> CreateAsync(string name, string? netns, CancellationToken cancellationToken);

    Task ConfigureAsync(WireGuardDevice device, DeviceConfig config, CancellationToken cancellationToken);

    Task<DeviceState> GetStateAsync(WireGuardDevice device, CancellationToken cancellationToken);

    Task DeleteAsync(WireGuardDevice device, CancellationToken cancellationToken);
}
