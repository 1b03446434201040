using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Uapi;
using Microsoft.Extensions.Logging;

namespace Dtaas.WireGuard.Devices;

/// <summary>
/// Interfaces made by wireguard-go and configured through its UAPI socket. wireguard-go is left to daemonize: it
/// creates the TUN device and the socket before its launcher exits, and the daemon belongs to no silo, so it outlives
/// a silo's crash and the restarted silo adopts the interface through the socket, key and peers unchanged. The
/// interface's lifetime is the socket's: removing the socket file makes wireguard-go exit, which removes the TUN device.
/// </summary>
internal sealed class UserspaceWireGuard(IpCommand ip, string uapiDirectory, ILogger logger) : IWireGuardBackend
{
    public const string Executable = "wireguard-go";

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5); // a joining member waits for this

    /// <summary>
    /// Daemonizing (no WG_PROCESS_FOREGROUND) is what keeps the interface alive past the silo; without LOG_LEVEL the
    /// daemon's output goes to /dev/null rather than to the launcher's pipes, which would otherwise stay open.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string?> LauncherEnvironment = new Dictionary<string, string?>
    {
        ["WG_PROCESS_FOREGROUND"] = null,
        ["LOG_LEVEL"] = null,
    };

    private readonly IpLinks _links = new(ip);

    public WireGuardBackend Kind => WireGuardBackend.Userspace;

    /// <summary><c>ip netns exec</c> finds wireguard-go on the silo's PATH, and it needs the TUN device.</summary>
    public string? Problem()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(directory => File.Exists(Path.Combine(directory, Executable))))
        {
            return $"{Executable} not found";
        }
        return File.Exists("/dev/net/tun") ? null : "/dev/net/tun is missing (wireguard-go needs the TUN device)";
    }

    public async Task<WireGuardDevice?> TryAdoptAsync(string name, string? netns, CancellationToken cancellationToken)
    {
        if (!await Client(name).IsAliveAsync(cancellationToken))
        {
            return null;
        }
        if (!await _links.ExistsAsync(netns, name, cancellationToken))
        {
            // The socket path is per host, not per namespace: a live one whose link is elsewhere must not be taken over.
            throw new InvalidOperationException(
                $"WireGuard interface {name} is running (UAPI socket {Client(name).SocketPath}) but not in network namespace {netns ?? "(own)"}");
        }
        return new WireGuardDevice(name, netns, Kind, Adopted: true);
    }

    public async Task<WireGuardDevice> CreateAsync(string name, string? netns, CancellationToken cancellationToken)
    {
        var client = Client(name);
        if (File.Exists(client.SocketPath))
        {
            if (await client.IsAliveAsync(cancellationToken))
            {
                // The socket path is per host, not per namespace: a live one whose link is elsewhere must not be taken over.
                throw new InvalidOperationException($"WireGuard interface {name} is running (UAPI socket {client.SocketPath}) but not in network namespace {netns ?? "(own)"}");
            }
            // Left by a wireguard-go that died without cleaning up; wireguard-go would refuse to start over it.
            logger.LogWarning("Removing stale UAPI socket {Socket} before creating {Interface}", client.SocketPath, name);
            File.Delete(client.SocketPath);
        }
        ProcessResult result;
        try
        {
            result = await ip.ExecAsync(netns, Executable, [name], cancellationToken, environment: LauncherEnvironment);
        }
        catch (CommandFailedException e) when (e.Result is null)
        {
            throw new WireGuardBackendUnavailableException(Kind, e.Message);
        }
        if (!result.Succeeded)
        {
            throw new CommandFailedException(
                ProcessRunner.CommandLine(Executable, [name]), result, $"exited {result.ExitCode} in network namespace {netns ?? "(own)"}: {result.Stderr.Trim()}");
        }
        await WaitUntilAsync(() => client.IsAliveAsync(cancellationToken), $"{Executable} {name} to answer on {client.SocketPath}", cancellationToken);
        logger.LogInformation("Created WireGuard interface {Interface} with wireguard-go in network namespace {Netns}", name, netns ?? "(own)");
        return new WireGuardDevice(name, netns, Kind, Adopted: false);
    }

    public Task ConfigureAsync(WireGuardDevice device, DeviceConfig config, CancellationToken cancellationToken) =>
        Client(device.Name).SetAsync(config, cancellationToken);

    public Task<DeviceState> GetStateAsync(WireGuardDevice device, CancellationToken cancellationToken) =>
        Client(device.Name).GetAsync(cancellationToken);

    public async Task DeleteAsync(WireGuardDevice device, CancellationToken cancellationToken)
    {
        var socket = Client(device.Name).SocketPath;
        if (File.Exists(socket))
        {
            File.Delete(socket);
            try
            {
                await WaitUntilAsync(
                    async () => !await _links.ExistsAsync(device.Netns, device.Name, cancellationToken),
                    $"{Executable} {device.Name} to exit",
                    cancellationToken);
            }
            catch (TimeoutException e)
            {
                logger.LogWarning("{Message}; deleting the link instead", e.Message);
            }
        }
        await _links.DeleteAsync(device.Netns, device.Name, cancellationToken);
        logger.LogInformation("Deleted WireGuard interface {Interface}", device.Name);
    }

    private UapiClient Client(string name) => UapiClient.ForInterface(name, uapiDirectory);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting {SettleTimeout.TotalSeconds:0} s for {what}");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
