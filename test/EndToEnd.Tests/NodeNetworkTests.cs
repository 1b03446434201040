using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests;

/// <summary>The namespace topology itself: what it builds, and that it leaves nothing behind.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class NodeNetworkTests
{
    [NamespaceFact]
    public async Task Disposing_removes_every_namespace_and_kills_what_still_runs_inside()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var network = await NodeNetwork.CreateAsync(2);
        Process? sleeper = null;
        try
        {
            Assert.Equal([network.BridgeNamespace, $"dtn-{network.Id}-0", $"dtn-{network.Id}-1"], network.Namespaces);
            // Node 0 reaches node 1 over the bridge.
            using var listener = await NamespacedSockets.CreateAsync(network.Nodes[1].Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(network.Nodes[1].Address, 0));
            listener.Listen();
            using var client = await NamespacedSockets.CreateAsync(network.Nodes[0].Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(listener.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(5));
            using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(5));
            // A process the test forgot: disposing must still remove its namespace.
            sleeper = Process.Start("ip", ["netns", "exec", network.Nodes[1].Netns, "sleep", "600"]);
        }
        finally
        {
            await network.DisposeAsync();
        }

        Assert.True(sleeper.WaitForExit(5000));
        var list = await network.Ip.RunCheckedAsync(null, ["netns", "list"], default);
        Assert.DoesNotContain(network.Id, list.Stdout);
    }
}
