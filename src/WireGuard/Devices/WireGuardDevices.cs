using Dtaas.WireGuard.Netns;
using Microsoft.Extensions.Logging;

namespace Dtaas.WireGuard.Devices;

/// <summary>
/// The real <see cref="IWireGuardDevices"/>: the backend named by <c>--wireguard-backend</c> makes and configures
/// interfaces; addresses, link state and moves are <c>ip</c>. With <see cref="WireGuardBackend.Auto"/> the first
/// creation tries the kernel and falls back to wireguard-go, and that choice is logged once and kept. Holds no
/// processes or interfaces: dropping it leaves every interface running for the next instance to adopt.
/// </summary>
public sealed class WireGuardDevices : IWireGuardDevices
{
    private readonly WireGuardBackend _option;
    private readonly IpLinks _links;
    private readonly ILogger _logger;
    private readonly IReadOnlyDictionary<WireGuardBackend, IWireGuardBackend> _backends;
    private readonly SemaphoreSlim _choosing = new(1, 1);
    private volatile IWireGuardBackend? _chosen;

    public WireGuardDevices(WireGuardBackend option, IpCommand ip, ILogger<WireGuardDevices> logger, string uapiDirectory = Uapi.UapiClient.DefaultDirectory)
    {
        _option = option;
        _links = new IpLinks(ip);
        _logger = logger;
        _backends = new Dictionary<WireGuardBackend, IWireGuardBackend>
        {
            [WireGuardBackend.Kernel] = new KernelWireGuard(ip, logger),
            [WireGuardBackend.Userspace] = new UserspaceWireGuard(ip, uapiDirectory, logger),
        };
        _chosen = option == WireGuardBackend.Auto ? null : _backends[option];
    }

    /// <summary>The backend new interfaces get; null while <see cref="WireGuardBackend.Auto"/> has not had to choose yet.</summary>
    public WireGuardBackend? ChosenBackend => _chosen?.Kind;

    /// <summary>
    /// The backend new interfaces will get, or null and what is missing when none would work; looks, creates nothing.
    /// With <see cref="WireGuardBackend.Auto"/> before the first creation: the kernel module if present, else wireguard-go.
    /// </summary>
    public (WireGuardBackend? Backend, string? Problem) Check()
    {
        if (_chosen is { } chosen)
        {
            return chosen.Problem() is { } problem ? (null, $"{problem} (--wireguard-backend {Name(chosen.Kind)})") : (chosen.Kind, null);
        }
        var kernel = _backends[WireGuardBackend.Kernel].Problem();
        if (kernel is null)
        {
            return (WireGuardBackend.Kernel, null);
        }
        var userspace = _backends[WireGuardBackend.Userspace].Problem();
        return userspace is null ? (WireGuardBackend.Userspace, null) : (null, $"{userspace} and {kernel}");
    }

    private static string Name(WireGuardBackend backend) => backend.ToString().ToLowerInvariant();

    public async Task<WireGuardDevice> CreateOrAdoptAsync(string name, string? netns, CancellationToken cancellationToken)
    {
        InterfaceNames.Validate(name);
        // No link of that name: nothing to adopt, so none of the backends' checks need to run (each is a process on
        // the way from a join to a connected member).
        if (!await _links.ExistsAsync(netns, name, cancellationToken))
        {
            return await CreateAsync(name, netns, cancellationToken);
        }
        if (await FindAsync(name, netns, cancellationToken) is { } adopted)
        {
            _logger.LogInformation("Adopted existing WireGuard interface {Interface} ({Backend}) in network namespace {Netns}", name, adopted.Backend, netns ?? "(own)");
            return adopted;
        }
        throw new InvalidOperationException($"network namespace {netns ?? "(own)"} already has a link {name} that is not a WireGuard interface");
    }

    public async Task<WireGuardDevice?> FindAsync(string name, string? netns, CancellationToken cancellationToken)
    {
        InterfaceNames.Validate(name);
        // Both backends: an interface made before a restart is kept whatever the option says now.
        foreach (var backend in AdoptionOrder())
        {
            if (await backend.TryAdoptAsync(name, netns, cancellationToken) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    public Task ConfigureAsync(WireGuardDevice device, DeviceConfig config, CancellationToken cancellationToken) =>
        _backends[device.Backend].ConfigureAsync(device, config, cancellationToken);

    public Task<DeviceState> GetStateAsync(WireGuardDevice device, CancellationToken cancellationToken) =>
        _backends[device.Backend].GetStateAsync(device, cancellationToken);

    public Task AddAddressAsync(WireGuardDevice device, InterfaceAddress address, CancellationToken cancellationToken) =>
        _links.AddAddressAsync(device.Netns, device.Name, address, cancellationToken);

    public Task SetUpAsync(WireGuardDevice device, CancellationToken cancellationToken) =>
        _links.SetUpAsync(device.Netns, device.Name, cancellationToken);

    public async Task<WireGuardDevice> MoveAsync(WireGuardDevice device, string? targetNetns, CancellationToken cancellationToken)
    {
        await _links.MoveAsync(device.Netns, device.Name, targetNetns, cancellationToken);
        _logger.LogInformation("Moved WireGuard interface {Interface} from network namespace {From} to {To}", device.Name, device.Netns ?? "(own)", targetNetns ?? "(own)");
        return device with { Netns = targetNetns };
    }

    public Task DeleteAsync(WireGuardDevice device, CancellationToken cancellationToken) =>
        _backends[device.Backend].DeleteAsync(device, cancellationToken);

    private IEnumerable<IWireGuardBackend> AdoptionOrder() =>
        _chosen is null ? _backends.Values : _backends.Values.OrderBy(backend => backend == _chosen ? 0 : 1);

    private async Task<WireGuardDevice> CreateAsync(string name, string? netns, CancellationToken cancellationToken)
    {
        if (_chosen is { } chosen)
        {
            return await chosen.CreateAsync(name, netns, cancellationToken);
        }
        await _choosing.WaitAsync(cancellationToken);
        try
        {
            if (_chosen is { } chosenMeanwhile)
            {
                return await chosenMeanwhile.CreateAsync(name, netns, cancellationToken);
            }
            WireGuardDevice device;
            try
            {
                device = await _backends[WireGuardBackend.Kernel].CreateAsync(name, netns, cancellationToken);
            }
            catch (WireGuardBackendUnavailableException e)
            {
                _logger.LogInformation("WireGuard backend auto: {Reason}; using wireguard-go (userspace) from now on", e.Message);
                device = await _backends[WireGuardBackend.Userspace].CreateAsync(name, netns, cancellationToken);
                _chosen = _backends[WireGuardBackend.Userspace];
                return device;
            }
            _logger.LogInformation("WireGuard backend auto: using the kernel module from now on");
            _chosen = _backends[WireGuardBackend.Kernel];
            return device;
        }
        finally
        {
            _choosing.Release();
        }
    }
}
