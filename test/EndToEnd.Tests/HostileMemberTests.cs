using System.Net;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Grains.Interfaces.Trusts;
using static Dtaas.EndToEnd.Tests.ApiUsers;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// A member as an attacker would be one (issue 20): node2 is started under the creator's own name and joins; node1, a
/// member, keeps a trust under an id that names node0 as its home. Neither gets anything of node0's users.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class HostileMemberTests(HostileMemberFixture fixture) : IClassFixture<HostileMemberFixture>
{
    private NetnsSilo Node0 => fixture.Topology[0];
    private NetnsSilo Node1 => fixture.Topology[1];
    private NetnsSilo Node2 => fixture.Topology[2];

    [NamespaceFact]
    public async Task A_node_under_the_creators_name_is_refused_at_join_and_its_alice_sees_nothing_of_node0s_alice()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        using var alice = await UserAsync(Node0, "alice", "wonderland");
        using var impostor = await UserAsync(Node2, "alice", "impostor");
        var model = (await SendAsync(alice, HttpMethod.Post, Node0, "/v1/models", """{"name":"churn","serviceSelector":{"name":"churn-svc","port":8080}}""",
            HttpStatusCode.Created))["id"]!.GetValue<string>();

        await Node2.ApplyJoinAsync(HostileMemberFixture.Domain, Node0.JoinAddress(), fixture.Token, CancellationToken.None);
        var outcome = await Node2.WaitForJoinOutcomeAsync(HostileMemberFixture.Domain);

        Assert.Equal("Failed", outcome.String("status"));
        Assert.Contains($"the node name {HostileMemberFixture.StolenName} is taken in this domain by node {Node0.NodeId}", outcome.String("message"));
        // Nothing on either side: node0's list still has node0 and node1, node2 has no dtPeer.
        Assert.Equal([Node0.NodeId, Node1.NodeId], (await Node0.MembershipAsync(HostileMemberFixture.Domain))!.Members.Select(m => m.NodeId));
        Assert.Empty((await Node2.ListPeersAsync()).Items);
        // node2's alice (alice@node0.example.org by name) holds nothing of the real alice's and lists only herself.
        Assert.Equal("""{"items":[],"unreachable":[]}""", (await SendAsync(impostor, HttpMethod.Get, Node2, "/v1/models")).ToJsonString());
        await SendAsync(impostor, HttpMethod.Get, Node2, $"/v1/models/{model}", expected: HttpStatusCode.NotFound);
        Assert.Single((await SendAsync(impostor, HttpMethod.Get, Node2, "/v1/users"))["items"]!.AsArray());
    }

    [NamespaceFact]
    public async Task A_member_answering_for_a_trust_its_id_does_not_name_it_home_of_is_ignored()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        using var carol = await UserAsync(Node0, "carol", "singer");
        // node1's admin writes trusts naming carol@node0 a trustee: one under an id of node0's, one under an id of no node.
        var posing = TrustIds.New(Node0.NodeId);
        var stray = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        foreach (var id in new[] { posing, stray })
        {
            await Node1.ApplyManifestAsync($"trust-{id}", $"""
                apiVersion: sid.sightlineinnovation.com/v1
                kind: dtTrust
                metadata:
                  name: {id}
                name: forged
                trustees: ["carol@{Node0.NodeName}"]
                members: []
                objects: []
                version: 1

                """);
        }
        // node1 has its trusts (its own API shows them to a user it knows there), so the refusal below is node0's doing.
        await Eventually.Until(() => Node1.GetAsync("dttrust", stray), found => found is not null, TimeSpan.FromSeconds(10), "the trust on node1");

        await SendAsync(carol, HttpMethod.Get, Node0, $"/v1/trusts/{posing}", expected: HttpStatusCode.NotFound);
        await SendAsync(carol, HttpMethod.Get, Node0, $"/v1/trusts/{stray}", expected: HttpStatusCode.NotFound);
        Assert.Equal("""{"items":[],"unreachable":[]}""", (await SendAsync(carol, HttpMethod.Get, Node0, "/v1/trusts")).ToJsonString());
    }
}
