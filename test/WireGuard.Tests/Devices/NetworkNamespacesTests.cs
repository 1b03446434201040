using Dtaas.TestSupport;
using Dtaas.WireGuard.Netns;

namespace Dtaas.WireGuard.Tests.Devices;

[Collection(NetworkCollection.Name)]
public sealed class NetworkNamespacesTests(TwoNodeTopology topology) : IClassFixture<TwoNodeTopology>
{
    [NetworkFact]
    public async Task A_namespace_is_created_isolated_and_deleted_idempotently()
    {
        var name = topology.NodeA + "-x";
        try
        {
            await topology.Namespaces.CreateAsync(name, CancellationToken.None);

            Assert.True(await topology.Namespaces.ExistsAsync(name, CancellationToken.None));
            var links = await topology.Ip.ExecAsync(name, IpCommand.Executable, ["-o", "link", "show"], CancellationToken.None);
            Assert.True(links.Succeeded, links.Stderr);
            // Only loopback, and up: nothing of the host's links is visible in there.
            var line = Assert.Single(links.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(": lo:", line);
            Assert.Contains("UP", line);
        }
        finally
        {
            await topology.Namespaces.DeleteAsync(name, CancellationToken.None);
        }
        Assert.False(await topology.Namespaces.ExistsAsync(name, CancellationToken.None));
        await topology.Namespaces.DeleteAsync(name, CancellationToken.None);
    }

    [NetworkFact]
    public async Task The_veth_joins_the_two_nodes()
    {
        var addresses = await topology.Ip.ExecAsync(topology.NodeA, IpCommand.Executable, ["-o", "addr", "show"], CancellationToken.None);
        Assert.Contains($"{TwoNodeTopology.UnderlayA}/24", addresses.Stdout);

        var seenFrom = await TwoNodeTopology.TcpRoundTripAsync(
            topology.NodeB, new System.Net.IPEndPoint(TwoNodeTopology.UnderlayB, 7790), topology.NodeA, TimeSpan.FromSeconds(5));

        Assert.Equal(TwoNodeTopology.UnderlayA, seenFrom);
    }
}
