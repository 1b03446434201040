using System.Net;
using System.Text.Json;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Grains.Interfaces.Trusts;
using static Dtaas.EndToEnd.Tests.ApiUsers;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// A member as an attacker would be one (issue 20): node2 is started under the creator's own name and joins, then makes
/// a domain of its own that node1 joins; node1, a member, keeps trusts under ids that do not name it as their home.
/// None of it gets anything of another node's users. The tests run in any order on the one topology.
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
        var outcome = await Node2.WaitForJoinOutcomeAsync(HostileMemberFixture.Domain, final: true);

        Assert.Equal("Failed", outcome.String("status"));
        Assert.Contains($"the node name {HostileMemberFixture.StolenName} is taken in this domain by node {Node0.NodeId}", outcome.String("message"));
        // Nothing on either side: node0's list still has node0 and node1, node2 has no dtPeer for node0.
        Assert.Equal([Node0.NodeId, Node1.NodeId], (await Node0.MemberListAsync(HostileMemberFixture.Domain))!.Members.Select(m => m.NodeId));
        Assert.Null((await Node2.ListPeersAsync()).For(Node0.NodeId));
        // node2's alice (alice@node0.example.org by name) holds nothing of the real alice's: no model, no replica of her.
        Assert.Equal("[]", (await SendAsync(impostor, HttpMethod.Get, Node2, "/v1/models"))["items"]!.ToJsonString());
        await SendAsync(impostor, HttpMethod.Get, Node2, $"/v1/models/{model}", expected: HttpStatusCode.NotFound);
        Assert.Single((await SendAsync(impostor, HttpMethod.Get, Node2, "/v1/users"))["items"]!.AsArray(), u => u!["username"]!.GetValue<string>() == "alice");
    }

    [NamespaceFact]
    public async Task Across_domains_node1_keeps_the_name_with_node0_and_takes_nothing_from_node2_under_it()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        // node2 creates a domain of its own (no name clash inside it) and node1 joins: node1 now meets node0.example.org twice.
        var token = await Node2.CreateDomainAsync("other", CancellationToken.None);
        await Node1.ApplyJoinAsync("other", Node2.JoinAddress(), token, CancellationToken.None);
        var joined = await Node1.WaitForJoinOutcomeAsync("other", final: true);
        Assert.True(joined.String("status") == "Ready", $"node1's join of node2's domain: {joined.String("status")}: {joined.String("message")}");
        using var bob = await UserAsync(Node1, "bob", "builder");
        using var mallory = await UserAsync(Node2, "mallory", "impostor");
        // bob grants mallory@node0.example.org: node0's user of that name, as node1 met node0 first.
        var model = (await SendAsync(bob, HttpMethod.Post, Node1, "/v1/models", """{"name":"forecast","serviceSelector":{"name":"forecast-svc","port":8080}}""",
            HttpStatusCode.Created))["id"]!.GetValue<string>();
        await SendAsync(bob, HttpMethod.Post, Node1, $"/v1/objects/{model}/grants",
            $$"""{"principal":"mallory@{{HostileMemberFixture.StolenName}}","capabilities":["DISCOVER","READ","REQUEST"]}""");

        // node2's user set reaches node1 and is refused: a Warning on node2's dtPeer there names the name and both ids.
        var warning = await Eventually.Until(async () => JsonDocument.Parse(await Node1.KubectlCheckedAsync("get", "events", "-o", "json")).RootElement
                .GetProperty("items").EnumerateArray()
                .Where(e => e.String("reason") == "NodeRefused" && e.GetProperty("involvedObject").String("name") == Node2.NodeId).Select(e => e.Clone()).FirstOrDefault(),
            e => e.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(30), "node1's Warning on node2's dtPeer");
        Assert.Equal($"node name {HostileMemberFixture.StolenName} is held by node {Node0.NodeId}, which this node met first; node {Node2.NodeId} uses the same name and is refused",
            warning.String("message"));
        Assert.DoesNotContain((await SendAsync(bob, HttpMethod.Get, Node1, "/v1/users"))["items"]!.AsArray(), u => u!["username"]!.GetValue<string>() == "mallory");
        // node2's mallory lists nothing of node1 and her REQUEST through node2 is refused by node1 (not served: the model has no Service, which would be 502).
        Assert.Equal("[]", (await SendAsync(mallory, HttpMethod.Get, Node2, "/v1/models"))["items"]!.ToJsonString());
        var (status, _) = await GetAsync(Node2, new Uri($"http://{model}.{Node1.NodeName}:{NetnsSilo.GatewayPort}/"), mallory.DefaultRequestHeaders.Authorization);
        Assert.Equal(HttpStatusCode.Forbidden, status);
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
