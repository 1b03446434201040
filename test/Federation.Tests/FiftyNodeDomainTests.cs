using Dtaas.Federation.Harness;
using Dtaas.Grains.Apps;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Federation.Tests;

/// <summary>Joins at scale: 49 nodes join one domain at the same time (DESIGN.md 2.3, 5).</summary>
[Collection(FederationCollection.Name)]
public sealed class FiftyNodeDomainTests(FiftyNodesFixture fixture) : IClassFixture<FiftyNodesFixture>
{
    private FederationCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Every_node_converges_on_the_same_member_list()
    {
        bool agreed = await Cluster.WaitUntilAsync(() => Cluster.Agree(Cluster.Nodes), TestClusters.LargeDomainPatience, CancellationToken.None);

        var expected = Cluster.Creator.View(FederationCluster.DomainName);
        Assert.Equal(FiftyNodesFixture.Size, expected.MemberIds.Count);
        Assert.Equal(Cluster.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal), expected.MemberIds);
        foreach (var node in Cluster.Nodes)
        {
            var view = node.View(FederationCluster.DomainName);
            var others = expected.MemberIds.Where(id => id != node.Id).ToList();
            Assert.Equal(DtDomainStatus.Ready, view.Status);
            Assert.Equal(expected.Version, view.Version);
            Assert.Equal(expected.MemberIds, view.MemberIds);
            Assert.Equal(others, view.Peers);
            Assert.Equal(others, view.PeerObjects);
        }
        Assert.True(agreed);
    }

    [Fact]
    public void Concurrent_joins_get_distinct_overlay_addresses()
    {
        Assert.All(fixture.Joined, joined => Assert.Equal(DtDomainStatus.Ready, joined.Status));
        var memberList = Cluster.Creator.View(FederationCluster.DomainName).MemberList!;
        var addresses = memberList.Members.Select(m => m.OverlayAddress).ToList();

        Assert.Equal(FiftyNodesFixture.Size, addresses.Distinct().Count());
        var prefix = memberList.OverlayNetwork[..memberList.OverlayNetwork.IndexOf(".0.0/16", StringComparison.Ordinal)];
        Assert.Equal($"{prefix}.0.1", memberList.Find(Cluster.Creator.Id)!.OverlayAddress);
        Assert.All(addresses, address => Assert.StartsWith($"{prefix}.", address));
        foreach (var node in Cluster.Nodes)
        {
            // Each node's overlay runs on the address the creator gave it, and kept it through every later list.
            var own = memberList.Find(node.Id)!.OverlayAddress;
            Assert.Equal(own, node.Overlay.Current(memberList.DomainUid)?.Self.OverlayAddress);
            Assert.All(node.Overlay.Ensured, config => Assert.Equal(own, config.Self.OverlayAddress));
        }
    }

    [Fact]
    public async Task Every_member_reaches_every_other_over_the_overlay_as_itself()
    {
        // A dtPeer is connected once its probe went through the member's federation listener, which admits a call only
        // from the source address of a member: every pair of nodes, in both directions.
        bool connected = await Cluster.WaitUntilAsync(() => Cluster.Agree(Cluster.Nodes) && Disconnected().Count == 0,
            TestClusters.LargeDomainPatience, CancellationToken.None);

        Assert.Empty(Disconnected());
        Assert.True(connected);
    }

    private List<string> Disconnected() =>
    [
        .. Cluster.Nodes.SelectMany(node => node.Objects.Peers().Where(p => p.Connected != true).Select(p => $"{node.Description.Name} -> {p.Name}")),
    ];

    [Fact]
    public async Task An_app_published_on_one_node_reaches_the_other_49_and_its_deletion_too()
    {
        Assert.True(await Cluster.WaitUntilAsync(() => Cluster.Agree(Cluster.Nodes), TestClusters.LargeDomainPatience, CancellationToken.None));
        var origin = Cluster.Nodes[17];
        var id = AppObjects.OriginId(await origin.CreateAppAsync("fifty", "example-service", [FederationCluster.DomainName], CancellationToken.None))!;
        var others = Cluster.Nodes.Where(n => n != origin).ToList();

        bool arrived = await Cluster.WaitUntilAsync(() => others.All(n => n.Objects.Get<DtApp>(FederationNode.Namespace, id) is not null), TestClusters.LargeDomainPatience, CancellationToken.None);
        Assert.True(arrived, $"{others.Count(n => n.Objects.Get<DtApp>(FederationNode.Namespace, id) is null)} of 49 nodes lack the app");
        Assert.All(others, n => Assert.Equal($"http://{id}.{n.Description.Name}", n.Objects.Get<DtApp>(FederationNode.Namespace, id)!.Uri));

        await origin.DeleteAppAsync("fifty", CancellationToken.None);
        Assert.True(await Cluster.WaitUntilAsync(() => others.All(n => n.Objects.Get<DtApp>(FederationNode.Namespace, id) is null), TestClusters.LargeDomainPatience, CancellationToken.None));
    }
}
