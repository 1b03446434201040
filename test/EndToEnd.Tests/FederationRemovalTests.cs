using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.WireGuard.Devices;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Leaving a domain (DESIGN.md 2.3: the creator alone removes members): the creator deletes a member's dtPeer, the
/// removed node comes back, a member deletes its own dtDomain, the creator deletes the domain. Each test federates a
/// domain of its own name and deletes it everywhere afterwards. A removal is the one change that must not touch the
/// nodes of the other tests (the creator keeps no dtPeer for the removed node afterwards, see
/// /tmp/helper-e2e-bugs.md #3), so the two removal tests each remove a node pair of their own: node0 removes node3,
/// node3 removes node2, node1 removes node2 while node2 is down; the others use node0, node1 and node2.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class FederationRemovalTests(FourNodeTopologyFixture fixture) : IClassFixture<FourNodeTopologyFixture>
{
    [NamespaceFact]
    public async Task Deleting_a_members_dtPeer_on_the_creator_removes_that_node_and_the_others_drop_it()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node3) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[3]);
        const string domain = "removal";
        await FederateAsync(domain, node0, [node1, node3]);
        var domainUid = (await node0.MemberListAsync(domain))!.DomainUid;
        try
        {
            // Apps both ways: node3's reaches the others, node1's reaches node3.
            await node3.ApplyAppAsync("node3-app", "some-service", "authenticationType: None", domain);
            await node1.ApplyAppAsync("node1-app", "some-service", "authenticationType: None", domain);
            var (fromNode3, fromNode1) = (await node3.AppIdAsync("node3-app"), await node1.AppIdAsync("node1-app"));
            await node0.WaitForReplicaAsync(fromNode3);
            await node1.WaitForReplicaAsync(fromNode3);
            await node3.WaitForReplicaAsync(fromNode1);

            await node0.KubectlCheckedAsync("delete", "dtpeer", node3.NodeId);

            var removed = await Eventually.Until(
                () => node3.GetAsync("dtdomain", domain),
                d => d?.String("status") == "Removed",
                what: "node3's dtDomain Removed");
            Assert.Contains("removed from the domain by its creator", removed!.Value.String("message"));
            Assert.Empty(removed.Value.Peers());
            await WaitForPeersAsync(node3, domain, []);
            await WaitForPeersAsync(node0, domain, [node1.NodeId]);
            await WaitForPeersAsync(node1, domain, [node0.NodeId]);
            Assert.Equal([node1.NodeId], (await node0.GetAsync("dtdomain", domain))!.Value.Peers());
            Assert.DoesNotContain((await node0.MemberListAsync(domain))!.Members, m => m.NodeId == node3.NodeId);
            // node3's side of the overlay is gone; node0 and node1 stay connected.
            var device = InterfaceNames.Derive(domainUid.ToString(), node3.NodeId);
            await Eventually.Until(
                () => fixture.Topology.Network.Ip.RunAsync(node3.Node.Netns, ["link", "show", "dev", device], CancellationToken.None),
                result => !result.Succeeded,
                what: $"interface {device} removed on node3");
            Assert.True((await node0.ListPeersAsync()).For(node1.NodeId)?.Bool("connected"), "node0 lost node1");
            // The removed node's app disappears from the others (its URI answers 404 there), and it loses theirs.
            await node0.WaitForReplicaAsync(fromNode3, present: false);
            await node1.WaitForReplicaAsync(fromNode3, present: false);
            await node3.WaitForReplicaAsync(fromNode1, present: false);
            await node0.WaitForReplicaAsync(fromNode1);
            using var client = GatewayHttp.CreateClient(node1);
            using var gone = await client.GetAsync(GatewayHttp.AppUrl(node1, fromNode3, "/"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            await node3.KubectlCheckedAsync("delete", "dtapp", "node3-app", "--ignore-not-found");
            await node1.KubectlCheckedAsync("delete", "dtapp", "node1-app", "--ignore-not-found");
            await DeleteEverywhereAsync(domain, [node0, node1, node3]);
        }
    }

    [NamespaceFact]
    public async Task A_node_removed_by_the_creator_comes_back_by_deleting_its_dtDomain_and_joining_again()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (creator, member) = (fixture.Topology[3], fixture.Topology[2]);
        const string domain = "comeback";
        await FederateAsync(domain, creator, [member]);
        try
        {
            await creator.KubectlCheckedAsync("delete", "dtpeer", member.NodeId);
            var removed = await Eventually.Until(() => member.GetAsync("dtdomain", domain), d => d?.String("status") == "Removed", what: "Removed");

            // What the Removed message tells the user to do.
            Assert.Contains("Delete this dtDomain and join again", removed!.Value.String("message"));
            await member.KubectlCheckedAsync("delete", "dtdomain", domain);
            var token = (await creator.GetAsync("dtdomain", domain))!.Value.String("inviteToken")!;
            await member.ApplyJoinAsync(domain, creator.JoinAddress(), token, CancellationToken.None);

            var outcome = await member.WaitForJoinOutcomeAsync(domain);
            Assert.True(outcome.String("status") == "Ready", $"rejoining: {outcome}");
            await member.WaitUntilConnectedAsync(1, TimeSpan.FromSeconds(20));
            await creator.WaitUntilConnectedAsync(1, TimeSpan.FromSeconds(20));
        }
        finally
        {
            await DeleteEverywhereAsync(domain, [creator, member]);
        }
    }

    [NamespaceFact]
    public async Task A_member_killed_while_it_was_removed_shows_Removed_after_its_restart()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (creator, member) = (fixture.Topology[1], fixture.Topology[2]);
        const string domain = "awayremoval";
        await FederateAsync(domain, creator, [member]);
        try
        {
            member.KillHard(); // the creator's push of the removal cannot reach it
            await creator.KubectlCheckedAsync("delete", "dtpeer", member.NodeId);
            await WaitForPeersAsync(creator, domain, []);
            await member.RestartAsync();

            // Its creator's dtPeer goes disconnected (the creator dropped it as a WireGuard peer), so it asks the
            // creator's gateway: probes every 2 s, two misses, then a standing check within 10 s.
            var removed = await Eventually.Until(
                () => member.GetAsync("dtdomain", domain),
                d => d?.String("status") == "Removed",
                timeout: TimeSpan.FromSeconds(40),
                what: "the restarted member's dtDomain Removed");
            Assert.Contains("removed from the domain by its creator", removed!.Value.String("message"));
            await WaitForPeersAsync(member, domain, []);
        }
        finally
        {
            await DeleteEverywhereAsync(domain, [creator, member]);
        }
    }

    [NamespaceFact]
    public async Task Deleting_a_members_dtDomain_leaves_the_domain_and_the_creators_peers_shrink()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        const string domain = "leaving";
        await FederateAsync(domain, node0, [node1, node2]);
        try
        {
            await node1.KubectlCheckedAsync("delete", "dtdomain", domain);

            await Eventually.Until(
                () => node0.GetAsync("dtdomain", domain),
                d => d?.Peers() is [var only] && only == node2.NodeId,
                what: "the creator listing node2 alone");
            await WaitForPeersAsync(node0, domain, [node2.NodeId]);
            await WaitForPeersAsync(node2, domain, [node0.NodeId]);
            await WaitForPeersAsync(node1, domain, []);
            Assert.DoesNotContain((await node0.MemberListAsync(domain))!.Members, m => m.NodeId == node1.NodeId);
        }
        finally
        {
            await DeleteEverywhereAsync(domain, [node0, node1, node2]);
        }
    }

    [NamespaceFact]
    public async Task Deleting_the_creators_dtDomain_dissolves_the_domain_on_every_member()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        const string domain = "dissolving";
        await FederateAsync(domain, node0, [node1, node2]);
        try
        {
            await node0.KubectlCheckedAsync("delete", "dtdomain", domain);

            foreach (var member in new[] { node1, node2 })
            {
                var dissolved = await Eventually.Until(
                    () => member.GetAsync("dtdomain", domain),
                    d => d?.String("status") == "Removed",
                    what: $"{member.NodeName}'s dtDomain Removed");
                Assert.Contains("dissolved", dissolved!.Value.String("message"));
                await WaitForPeersAsync(member, domain, []);
            }
        }
        finally
        {
            await DeleteEverywhereAsync(domain, [node0, node1, node2]);
        }
    }

    /// <summary><paramref name="creator"/> creates <paramref name="domain"/> and the <paramref name="members"/> join; returns once every dtPeer is connected.</summary>
    private static async Task FederateAsync(string domain, NetnsSilo creator, IReadOnlyList<NetnsSilo> members)
    {
        var token = await creator.CreateDomainAsync(domain, CancellationToken.None);
        foreach (var joiner in members)
        {
            await joiner.ApplyJoinAsync(domain, creator.JoinAddress(), token, CancellationToken.None);
        }
        foreach (var joiner in members)
        {
            var outcome = await joiner.WaitForJoinOutcomeAsync(domain);
            Assert.True(outcome.String("status") == "Ready", $"{joiner.NodeName} did not join {domain}: {outcome}\n{joiner.Output}");
        }
        foreach (var silo in members.Prepend(creator))
        {
            await silo.WaitUntilConnectedAsync(members.Count, TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Waits until <paramref name="silo"/>'s dtPeers of <paramref name="domain"/> are exactly those of <paramref name="nodeIds"/>.</summary>
    private static Task<PeerList> WaitForPeersAsync(NetnsSilo silo, string domain, IReadOnlyList<string> nodeIds) =>
        Eventually.Until(
            silo.ListPeersAsync,
            peers => peers.Items.Where(p => p.String("dtDomain") == domain).Select(p => p.String("id")).Order().SequenceEqual(nodeIds.Order()),
            what: $"{silo.NodeName}'s dtPeers of {domain} = [{string.Join(", ", nodeIds)}]");

    /// <summary>Deletes the domain's objects, members first (the creator last), and waits until none of the nodes has a dtPeer of it left.</summary>
    private static async Task DeleteEverywhereAsync(string domain, IReadOnlyList<NetnsSilo> nodes)
    {
        foreach (var silo in nodes.Reverse())
        {
            await silo.KubectlCheckedAsync("delete", "dtdomain", domain, "--ignore-not-found");
        }
        foreach (var silo in nodes)
        {
            await WaitForPeersAsync(silo, domain, []);
        }
    }
}
