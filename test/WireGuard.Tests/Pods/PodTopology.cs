using System.Net;
using System.Security.Cryptography;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Tests.Devices;
using Dtaas.WireGuard.Uapi;

namespace Dtaas.WireGuard.Tests.Pods;

/// <summary>
/// A server node namespace joined by a veth to each of two client node namespaces (10.201.1.0/24 and 10.201.2.0/24,
/// the server .1 on both), and one pod namespace per node with no links: wireguard-go and its UDP socket stay in the
/// node namespaces, the interfaces go into the pods. Random suffixes keep runs apart; teardown ends every interface's
/// wireguard-go (removing its UAPI socket) and deletes the namespaces even when a test failed. The process's own
/// namespace is never touched.
/// </summary>
public sealed class PodTopology : IAsyncLifetime
{
    private readonly string _suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private readonly List<string> _interfaces = [];
    private readonly List<string> _namespaces = [];

    public PodTopology()
    {
        Ip = new IpCommand(ProcessRunner.Default);
        Namespaces = new NetworkNamespaces(Ip);
        ServerNode = $"dtq-n0-{_suffix}";
        Client1Node = $"dtq-n1-{_suffix}";
        Client2Node = $"dtq-n2-{_suffix}";
        ServerPod = $"dtq-p0-{_suffix}";
        Client1Pod = $"dtq-p1-{_suffix}";
        Client2Pod = $"dtq-p2-{_suffix}";
    }

    /// <summary>The server node's address as each client node sees it.</summary>
    public static readonly IPAddress ServerFromClient1 = IPAddress.Parse("10.201.1.1");

    public static readonly IPAddress ServerFromClient2 = IPAddress.Parse("10.201.2.1");

    public IpCommand Ip { get; }

    public NetworkNamespaces Namespaces { get; }

    public string ServerNode { get; }

    public string Client1Node { get; }

    public string Client2Node { get; }

    public string ServerPod { get; }

    public string Client1Pod { get; }

    public string Client2Pod { get; }

    public string Suffix => _suffix;

    public async Task InitializeAsync()
    {
        if (NetworkFactAttribute.MissingPrerequisites() is not null && !Kubectl.IsCi)
        {
            return; // every test here is skipped
        }
        NetworkFactAttribute.RequirePrerequisites();
        foreach (var name in new[] { ServerNode, Client1Node, Client2Node, ServerPod, Client1Pod, Client2Pod })
        {
            _namespaces.Add(name);
            await Namespaces.CreateAsync(name, CancellationToken.None);
        }
        var links = new IpLinks(Ip);
        await links.AddVethPairAsync(
            new VethEnd($"qs1{_suffix}", ServerNode, new InterfaceAddress(ServerFromClient1, 24)),
            new VethEnd($"qc1{_suffix}", Client1Node, InterfaceAddress.Parse("10.201.1.2/24")),
            CancellationToken.None);
        await links.AddVethPairAsync(
            new VethEnd($"qs2{_suffix}", ServerNode, new InterfaceAddress(ServerFromClient2, 24)),
            new VethEnd($"qc2{_suffix}", Client2Node, InterfaceAddress.Parse("10.201.2.2/24")),
            CancellationToken.None);
    }

    public WireGuardDevices NewDevices() => new(WireGuardBackend.Userspace, Ip, new RecordingLogger<WireGuardDevices>());

    /// <summary>A host-unique interface name that teardown removes if the test does not.</summary>
    public string NewInterfaceName()
    {
        lock (_interfaces)
        {
            var name = InterfaceNames.Derive($"podtest-{_suffix}", _interfaces.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _interfaces.Add(name);
            return name;
        }
    }

    /// <summary>Registers a namespace made by a test (e.g. an extra pod) for teardown.</summary>
    public void Track(string netns)
    {
        lock (_namespaces)
        {
            _namespaces.Add(netns);
        }
    }

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
            await Namespaces.DeleteAsync(name, CancellationToken.None);
        }
        Assert.Empty(RunningWireGuardGo());
    }

    /// <summary>wireguard-go processes serving this topology's interfaces.</summary>
    public IReadOnlyList<int> RunningWireGuardGo() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(dir => (Pid: int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0, Args: ReadCommandLine(Path.Combine(dir, "cmdline"))))
            .Where(process => process.Pid > 0 && process.Args.Length == 2
                && Path.GetFileName(process.Args[0]) == "wireguard-go" && _interfaces.Contains(process.Args[1]))
            .Select(process => process.Pid)];

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
