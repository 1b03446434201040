using System.Globalization;
using System.Net;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Pods;
using Dtaas.WireGuard.Uapi;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>
/// N node network namespaces (<c>dtn-RAND-i</c>), each with one veth (<c>eth0</c>, 10.77.R.(10+i)/24) plugged into a
/// Linux bridge that lives in a namespace of its own (<c>dtb-RAND</c>), so nodes reach each other and nothing else.
/// The root namespace is never touched: every link is created inside the test's namespaces. Disposing kills whatever
/// still runs inside them and deletes them all, also after a failed build.
/// </summary>
public sealed class NodeNetwork : IAsyncDisposable
{
    public const string NodeInterface = "eth0";
    private const string Bridge = "br0";

    private readonly IpCommand _ip;
    private readonly NetworkNamespaces _namespaces;
    private readonly List<string> _created = [];
    private readonly List<NetworkNode> _nodes = [];
    private readonly List<string> _podFiles = [];

    private NodeNetwork(IpCommand ip, string id, int subnet)
    {
        _ip = ip;
        _namespaces = new NetworkNamespaces(ip);
        Id = id;
        BridgeNamespace = $"dtb-{id}";
        Subnet = IPAddress.Parse($"10.77.{subnet}.0");
    }

    /// <summary>The random suffix shared by every namespace of this network.</summary>
    public string Id { get; }

    public string BridgeNamespace { get; }

    /// <summary>The /24 the nodes are addressed from (inside their namespaces only).</summary>
    public IPAddress Subnet { get; }

    public IReadOnlyList<NetworkNode> Nodes => _nodes;

    /// <summary>Every namespace this network created (bridge first), for clean-up checks.</summary>
    public IReadOnlyList<string> Namespaces => _created;

    public IpCommand Ip => _ip;

    public static async Task<NodeNetwork> CreateAsync(int nodeCount, CancellationToken cancellationToken = default)
    {
        var random = Guid.NewGuid().ToString("N");
        var network = new NodeNetwork(new IpCommand(ProcessRunner.Default), random[..8], Convert.ToInt32(random[8..10], 16));
        try
        {
            await network.BuildAsync(nodeCount, cancellationToken);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="executable"/> inside node <paramref name="index"/>'s namespace.</summary>
    public Task<ProcessResult> ExecAsync(int index, string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        _ip.ExecAsync(_nodes[index].Netns, executable, arguments, cancellationToken);

    /// <summary>
    /// Where node <paramref name="index"/>'s pods are bound: a directory inside /var/run/netns, because that mount is
    /// shared (iproute2 makes it so), so binds made there reach a silo started with <c>ip netns exec</c>, whose mount
    /// namespace is a copy made before they existed.
    /// </summary>
    public string PodDirectory(int index) => Path.Combine(NetnsAttachments.RunDirectory, $"dtpods-{Id}-{index}");

    /// <summary>
    /// A pod for a silo's standalone resolver: a network namespace of this network (loopback up), bound at
    /// <paramref name="podDirectory"/>/<paramref name="podName"/>. Returns the namespace's own name (for sockets and
    /// <c>ip -n</c>). Disposing unbinds it, with the name the silo attached it under.
    /// </summary>
    public async Task<string> AddPodAsync(string podDirectory, string podName, CancellationToken cancellationToken = default)
    {
        var netns = $"dtp-{Id}-{_podFiles.Count}";
        await CreateNamespaceAsync(netns, cancellationToken);
        await _ip.RunCheckedAsync(netns, ["link", "set", "dev", "lo", "up"], cancellationToken);
        Directory.CreateDirectory(podDirectory);
        var path = Path.Combine(podDirectory, podName);
        await File.WriteAllBytesAsync(path, [], cancellationToken);
        _podFiles.Add(path);
        await CheckedAsync("mount", ["--bind", Path.Combine(NetnsAttachments.RunDirectory, netns), path], cancellationToken);
        return netns;
    }

    public async ValueTask DisposeAsync()
    {
        var errors = new List<Exception>();
        foreach (var path in _podFiles)
        {
            // The namespace lives as long as a mount holds it: the pod's file, and the silo's attachment of it.
            await _ip.Runner.RunAsync("umount", [path], CancellationToken.None);
            File.Delete(path);
            await _ip.RunAsync(null, ["netns", "delete", NetnsAttachments.DeriveName(path)], CancellationToken.None);
        }
        foreach (var directory in _podFiles.Select(Path.GetDirectoryName).Distinct())
        {
            Directory.Delete(directory!, recursive: false);
        }
        _podFiles.Clear();
        // Nodes before the bridge; a namespace is only really gone once nothing runs inside it, so kill first.
        foreach (var netns in Enumerable.Reverse(_created).ToList())
        {
            try
            {
                var interfaces = await LinkNamesAsync(netns);
                await KillEverythingInsideAsync(netns);
                RemoveUapiSockets(interfaces);
                await _namespaces.DeleteAsync(netns, CancellationToken.None);
                _created.Remove(netns);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }
        if (errors.Count > 0)
        {
            throw new AggregateException($"could not remove every namespace of network {Id}", errors);
        }
    }

    private async Task BuildAsync(int nodeCount, CancellationToken cancellationToken)
    {
        await CreateNamespaceAsync(BridgeNamespace, cancellationToken);
        await _ip.RunCheckedAsync(BridgeNamespace, ["link", "add", Bridge, "type", "bridge"], cancellationToken);
        await _ip.RunCheckedAsync(BridgeNamespace, ["link", "set", "dev", Bridge, "up"], cancellationToken);
        var links = new IpLinks(_ip);
        var prefix = Subnet.GetAddressBytes();
        for (var i = 0; i < nodeCount; i++)
        {
            var netns = $"dtn-{Id}-{i}";
            await CreateNamespaceAsync(netns, cancellationToken);
            var port = $"p{i}";
            // Created inside the node's namespace with the bridge end placed straight into the bridge's namespace.
            await _ip.RunCheckedAsync(netns, ["link", "add", NodeInterface, "type", "veth", "peer", "name", port, "netns", BridgeNamespace], cancellationToken);
            await _ip.RunCheckedAsync(BridgeNamespace, ["link", "set", "dev", port, "master", Bridge, "up"], cancellationToken);
            var address = new IPAddress([prefix[0], prefix[1], prefix[2], (byte)(10 + i)]);
            await links.AddAddressAsync(netns, NodeInterface, new InterfaceAddress(address, 24), cancellationToken);
            await links.SetUpAsync(netns, NodeInterface, cancellationToken);
            _nodes.Add(new NetworkNode(i, netns, address));
        }
    }

    private async Task CreateNamespaceAsync(string netns, CancellationToken cancellationToken)
    {
        // Recorded before it exists, so a half-made namespace is still removed.
        _created.Add(netns);
        await _namespaces.CreateAsync(netns, cancellationToken);
    }

    private async Task CheckedAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await _ip.Runner.RunAsync(executable, arguments, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)}: {result.Stderr}");
        }
    }

    private async Task<IReadOnlyList<string>> LinkNamesAsync(string netns)
    {
        if (!await _namespaces.ExistsAsync(netns, CancellationToken.None))
        {
            return [];
        }
        var links = await _ip.RunAsync(netns, ["-o", "link", "show"], CancellationToken.None);
        // "3: dt0123456789: <POINTOPOINT,..." -> the name between the first ": " and the next ":" (or "@").
        return links.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 3) is { Length: >= 2 } parts ? parts[1].Split('@')[0] : "")
            .Where(name => name.Length > 0)
            .ToList();
    }

    // wireguard-go killed with SIGKILL leaves its UAPI socket behind in the host-wide directory.
    private static void RemoveUapiSockets(IEnumerable<string> interfaces)
    {
        foreach (var name in interfaces)
        {
            if (File.Exists(UapiClient.SocketPathFor(name)))
            {
                File.Delete(UapiClient.SocketPathFor(name));
            }
        }
    }

    private async Task KillEverythingInsideAsync(string netns)
    {
        if (!await _namespaces.ExistsAsync(netns, CancellationToken.None))
        {
            return;
        }
        var pids = await _ip.RunAsync(null, ["netns", "pids", netns], CancellationToken.None);
        foreach (var pid in pids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // Exited meanwhile.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }
}
