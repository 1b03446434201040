using System.Net;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Tests.Devices;

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
    private readonly ScratchInterfaces _scratch;

    public PodTopology()
    {
        Ip = new IpCommand(ProcessRunner.Default);
        Namespaces = new NetworkNamespaces(Ip);
        _scratch = new ScratchInterfaces(Namespaces, "podtest");
        ServerNode = $"dtq-n0-{_scratch.Suffix}";
        Client1Node = $"dtq-n1-{_scratch.Suffix}";
        Client2Node = $"dtq-n2-{_scratch.Suffix}";
        ServerPod = $"dtq-p0-{_scratch.Suffix}";
        Client1Pod = $"dtq-p1-{_scratch.Suffix}";
        Client2Pod = $"dtq-p2-{_scratch.Suffix}";
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

    public string Suffix => _scratch.Suffix;

    public async Task InitializeAsync()
    {
        if (NetworkFactAttribute.MissingPrerequisites() is not null && !Kubectl.IsCi)
        {
            return; // every test here is skipped
        }
        NetworkFactAttribute.RequirePrerequisites();
        foreach (var name in new[] { ServerNode, Client1Node, Client2Node, ServerPod, Client1Pod, Client2Pod })
        {
            await _scratch.CreateNamespaceAsync(name);
        }
        var links = new IpLinks(Ip);
        await links.AddVethPairAsync(
            new VethEnd($"qs1{_scratch.Suffix}", ServerNode, new InterfaceAddress(ServerFromClient1, 24)),
            new VethEnd($"qc1{_scratch.Suffix}", Client1Node, InterfaceAddress.Parse("10.201.1.2/24")),
            CancellationToken.None);
        await links.AddVethPairAsync(
            new VethEnd($"qs2{_scratch.Suffix}", ServerNode, new InterfaceAddress(ServerFromClient2, 24)),
            new VethEnd($"qc2{_scratch.Suffix}", Client2Node, InterfaceAddress.Parse("10.201.2.2/24")),
            CancellationToken.None);
    }

    public WireGuardDevices NewDevices() => new(WireGuardBackend.Userspace, Ip, new RecordingLogger<WireGuardDevices>());

    /// <summary>A host-unique interface name that teardown removes if the test does not.</summary>
    public string NewInterfaceName() => _scratch.NewInterfaceName();

    /// <summary>Registers a namespace made by a test (e.g. an extra pod) for teardown.</summary>
    public void Track(string netns) => _scratch.Track(netns);

    public Task DisposeAsync() => _scratch.DisposeAsync();

    /// <summary>wireguard-go processes serving this topology's interfaces.</summary>
    public IReadOnlyList<int> RunningWireGuardGo() => [.. _scratch.RunningWireGuardGo().Values];
}
