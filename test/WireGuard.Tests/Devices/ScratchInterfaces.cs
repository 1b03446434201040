using System.Globalization;
using System.Security.Cryptography;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Uapi;

namespace Dtaas.WireGuard.Tests.Devices;

/// <summary>
/// The namespaces and WireGuard interfaces one test topology makes, and their removal: a random suffix so runs on one
/// host never meet, host-unique interface names, and a teardown that ends their wireguard-go processes (removing an
/// interface's UAPI socket makes it exit, and the TUN device goes with it wherever it was moved), then the namespaces.
/// </summary>
public sealed class ScratchInterfaces(NetworkNamespaces namespaces, string scope)
{
    private const string UserspaceWireGuardExecutable = "wireguard-go";

    private readonly List<string> _interfaces = [];
    private readonly List<string> _namespaces = [];

    public string Suffix { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>A host-unique interface name that teardown removes if the test does not.</summary>
    public string NewInterfaceName()
    {
        lock (_interfaces)
        {
            var name = InterfaceNames.Derive($"{scope}-{Suffix}", _interfaces.Count.ToString(CultureInfo.InvariantCulture));
            _interfaces.Add(name);
            return name;
        }
    }

    /// <summary>Creates a namespace that teardown deletes (recorded first, so a half-made one goes too).</summary>
    public async Task CreateNamespaceAsync(string name)
    {
        Track(name);
        await namespaces.CreateAsync(name, CancellationToken.None);
    }

    /// <summary>Registers a namespace made elsewhere for teardown.</summary>
    public void Track(string netns)
    {
        lock (_namespaces)
        {
            _namespaces.Add(netns);
        }
    }

    /// <summary>The pids of wireguard-go processes serving these interfaces ("wireguard-go NAME"), by interface.</summary>
    public IReadOnlyDictionary<string, int> RunningWireGuardGo() =>
        Directory.EnumerateDirectories("/proc")
            .Select(dir => (Pid: int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0, Args: ReadCommandLine(Path.Combine(dir, "cmdline"))))
            .Where(process => process.Pid > 0 && process.Args.Length == 2
                && Path.GetFileName(process.Args[0]) == UserspaceWireGuardExecutable && _interfaces.Contains(process.Args[1]))
            .ToDictionary(process => process.Args[1], process => process.Pid);

    public async Task DisposeAsync()
    {
        foreach (var name in _interfaces)
        {
            File.Delete(UapiClient.SocketPathFor(name));
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (RunningWireGuardGo().Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        foreach (var name in _namespaces)
        {
            await namespaces.DeleteAsync(name, CancellationToken.None);
        }
        Assert.Empty(RunningWireGuardGo());
    }

    private static string[] ReadCommandLine(string path)
    {
        try
        {
            return File.ReadAllText(path).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
