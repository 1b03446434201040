using System.Net;
using System.Net.Sockets;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Netns;

namespace Dtaas.WireGuard.Tests.Devices;

/// <summary>
/// Two "node" namespaces joined by a veth (10.200.0.1/24 and .2/24) and a third, "pod", namespace with no links: built
/// once per test class, torn down (interfaces, their wireguard-go processes, namespaces) even when a test failed.
/// Names carry a random suffix, so runs on one host never meet. Nothing touches the process's own namespace.
/// </summary>
public sealed class TwoNodeTopology : IAsyncLifetime
{
    private readonly ScratchInterfaces _scratch;
    private int _pairs;

    public TwoNodeTopology()
    {
        Ip = new IpCommand(ProcessRunner.Default);
        Namespaces = new NetworkNamespaces(Ip);
        _scratch = new ScratchInterfaces(Namespaces, "test");
        NodeA = $"dtt-a-{_scratch.Suffix}";
        NodeB = $"dtt-b-{_scratch.Suffix}";
        Pod = $"dtt-p-{_scratch.Suffix}";
    }

    public static readonly IPAddress UnderlayA = IPAddress.Parse("10.200.0.1");
    public static readonly IPAddress UnderlayB = IPAddress.Parse("10.200.0.2");

    public IpCommand Ip { get; }

    public NetworkNamespaces Namespaces { get; }

    public string NodeA { get; }

    public string NodeB { get; }

    public string Pod { get; }

    public async Task InitializeAsync()
    {
        if (NetworkFactAttribute.MissingPrerequisites() is not null && !Kubectl.IsCi)
        {
            // Every test here is skipped; there is nothing to build.
            return;
        }
        NetworkFactAttribute.RequirePrerequisites();
        foreach (var name in new[] { NodeA, NodeB, Pod })
        {
            await _scratch.CreateNamespaceAsync(name);
        }
        await new IpLinks(Ip).AddVethPairAsync(
            new VethEnd($"va{_scratch.Suffix}", NodeA, new InterfaceAddress(UnderlayA, 24)),
            new VethEnd($"vb{_scratch.Suffix}", NodeB, new InterfaceAddress(UnderlayB, 24)),
            CancellationToken.None);
    }

    public WireGuardDevices NewDevices(RecordingLogger<WireGuardDevices> logger, WireGuardBackend backend = WireGuardBackend.Userspace) =>
        new(backend, Ip, logger);

    /// <summary>A host-unique interface name that teardown will remove if the test does not.</summary>
    public string NewInterfaceName() => _scratch.NewInterfaceName();

    /// <summary>
    /// A WireGuard interface in each node namespace, each the other's peer over the veth, with overlay addresses
    /// 100.64.N.1/24 (A) and 100.64.N.2/24 (B), N distinct per pair, both up.
    /// </summary>
    public async Task<OverlayPair> ConnectPairAsync(IWireGuardDevices devices)
    {
        var n = Interlocked.Increment(ref _pairs);
        var a = new OverlayEnd(await devices.CreateOrAdoptAsync(NewInterfaceName(), NodeA, CancellationToken.None), KeyPair.Generate(), IPAddress.Parse($"100.64.{n}.1"), 40000 + n);
        var b = new OverlayEnd(await devices.CreateOrAdoptAsync(NewInterfaceName(), NodeB, CancellationToken.None), KeyPair.Generate(), IPAddress.Parse($"100.64.{n}.2"), 40000 + n);
        await ConfigureAsync(devices, a, b, UnderlayB);
        await ConfigureAsync(devices, b, a, UnderlayA);
        return new OverlayPair(a, b);
    }

    private static async Task ConfigureAsync(IWireGuardDevices devices, OverlayEnd self, OverlayEnd peer, IPAddress peerUnderlay)
    {
        await devices.ConfigureAsync(self.Device, new DeviceConfig
        {
            PrivateKey = self.Keys.PrivateKey,
            ListenPort = self.Port,
            ReplacePeers = true,
            Peers =
            [
                new PeerConfig(peer.Keys.PublicKey)
                {
                    Endpoint = new IPEndPoint(peerUnderlay, peer.Port),
                    AllowedIps = [new IPNetwork(peer.Address, 32)],
                },
            ],
        }, CancellationToken.None);
        await devices.AddAddressAsync(self.Device, new InterfaceAddress(self.Address, 24), CancellationToken.None);
        await devices.SetUpAsync(self.Device, CancellationToken.None);
    }

    /// <summary>
    /// Opens a TCP connection from <paramref name="clientNetns"/> to <paramref name="server"/> listening in
    /// <paramref name="serverNetns"/>, sends a line and returns the address the server saw the client come from;
    /// throws when no connection is made within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<IPAddress> TcpRoundTripAsync(string serverNetns, IPEndPoint server, string clientNetns, TimeSpan timeout)
    {
        using var listener = await NamespacedSockets.CreateAsync(serverNetns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(server);
        listener.Listen();
        using var client = await NamespacedSockets.CreateAsync(clientNetns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var limit = new CancellationTokenSource(timeout);
        var accepting = listener.AcceptAsync(limit.Token).AsTask();
        await client.ConnectAsync(server, limit.Token);
        await client.SendAsync("hello\n"u8.ToArray(), SocketFlags.None, limit.Token);
        using var accepted = await accepting;
        var buffer = new byte[16];
        var read = await accepted.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        Assert.Equal("hello\n", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        return ((IPEndPoint)accepted.RemoteEndPoint!).Address;
    }

    /// <summary>Polls until the device reports a completed handshake with <paramref name="peer"/>.</summary>
    public static Task<PeerState> WaitForHandshakeAsync(IWireGuardDevices devices, WireGuardDevice device, WireGuardKey peer) =>
        Eventually.Until(
            async () => (await devices.GetStateAsync(device, CancellationToken.None)).Peer(peer) ?? throw new InvalidOperationException($"{device.Name} has no peer {peer}"),
            state => state.LastHandshake is not null, TimeSpan.FromSeconds(10), $"a handshake of {device.Name} with {peer}", TimeSpan.FromMilliseconds(50));

    public Task DisposeAsync() => _scratch.DisposeAsync();

    /// <summary>The pids of wireguard-go processes serving this topology's interfaces, by interface.</summary>
    public IReadOnlyDictionary<string, int> RunningWireGuardGo() => _scratch.RunningWireGuardGo();
}
