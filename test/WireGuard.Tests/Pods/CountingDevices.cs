using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Netns;

namespace Dtaas.WireGuard.Tests.Pods;

/// <summary>Passes everything to the real devices and counts the calls that change an interface.</summary>
public sealed class CountingDevices(IWireGuardDevices inner) : IWireGuardDevices
{
    private int _creates;
    private int _configures;
    private int _moves;

    public int Creates => _creates;

    public int Configures => _configures;

    public int Moves => _moves;

    public List<DeviceConfig> Configs { get; } = [];

    public async Task<WireGuardDevice> CreateOrAdoptAsync(string name, string? netns, CancellationToken cancellationToken)
    {
        var device = await inner.CreateOrAdoptAsync(name, netns, cancellationToken);
        if (!device.Adopted)
        {
            Interlocked.Increment(ref _creates);
        }
        return device;
    }

    public Task<WireGuardDevice?> FindAsync(string name, string? netns, CancellationToken cancellationToken) =>
        inner.FindAsync(name, netns, cancellationToken);

    public Task ConfigureAsync(WireGuardDevice device, DeviceConfig config, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _configures);
        lock (Configs)
        {
            Configs.Add(config);
        }
        return inner.ConfigureAsync(device, config, cancellationToken);
    }

    public Task<DeviceState> GetStateAsync(WireGuardDevice device, CancellationToken cancellationToken) =>
        inner.GetStateAsync(device, cancellationToken);

    public Task AddAddressAsync(WireGuardDevice device, InterfaceAddress address, CancellationToken cancellationToken) =>
        inner.AddAddressAsync(device, address, cancellationToken);

    public Task SetUpAsync(WireGuardDevice device, CancellationToken cancellationToken) => inner.SetUpAsync(device, cancellationToken);

    public Task<WireGuardDevice> MoveAsync(WireGuardDevice device, string? targetNetns, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _moves);
        return inner.MoveAsync(device, targetNetns, cancellationToken);
    }

    public Task DeleteAsync(WireGuardDevice device, CancellationToken cancellationToken) => inner.DeleteAsync(device, cancellationToken);
}
