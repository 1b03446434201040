using System.Net;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Ports;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>
/// Listing servables is federated across the domain (issue 13): a user of node1 lists node0's models it holds a
/// capability on, decided at node0; a member that does not answer is named, not waited for; a member speaks only for
/// its own users.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class FederatedListTests : IAsyncLifetime
{
    private FederationCluster _cluster = null!;

    private FederationNode Node0 => _cluster.Nodes[0];
    private FederationNode Node1 => _cluster.Nodes[1];
    private FederationNode Node2 => _cluster.Nodes[2];

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(3);
        var token = await _cluster.CreateDomainAsync(CancellationToken.None);
        await Task.WhenAll(_cluster.Joiners.Select(node => _cluster.JoinAsync(node, token, CancellationToken.None)));
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(_cluster.Nodes), TestClusters.Patience, CancellationToken.None));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_model_of_node0_is_listed_on_node1_for_the_user_it_is_granted_to_and_for_nobody_else()
    {
        await Node0.CreateUserAsync("alice", "wonderland", default);
        await Node1.CreateUserAsync("bob", "builder", default);
        await Node2.CreateUserAsync("carol", "singer", default);
        using var alice = await ApiClient.LoginAsync(Node0.GatewayUri, "alice", "wonderland");
        using var bob = await ApiClient.LoginAsync(Node1.GatewayUri, "bob", "builder");
        using var carol = await ApiClient.LoginAsync(Node2.GatewayUri, "carol", "singer");
        var (_, model) = await alice.SendAsync(HttpMethod.Post, "/v1/models", """{"name":"churn","serviceSelector":{"name":"churn-svc","port":8080}}""");
        var id = model!["id"]!.GetValue<string>();

        Assert.Equal("""{"items":[],"unreachable":[]}""", (await bob.GetAsync("/v1/models")).Body!.ToJsonString());

        var (granted, _) = await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants",
            """{"principal":"bob@node1.example.org","capabilities":["DISCOVER","READ","REQUEST"]}""");
        Assert.Equal(HttpStatusCode.OK, granted);
        await Node0.ReconcileServableAsync("churn", default);

        var (status, list) = await bob.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($$"""{"items":[{"id":"{{id}}","type":"Model","capabilities":["DISCOVER","READ","REQUEST"],"name":"churn","node":"node0.example.org"}],"unreachable":[]}""",
            list!.ToJsonString());
        Assert.Equal("""{"items":[],"unreachable":[]}""", (await carol.GetAsync("/v1/models")).Body!.ToJsonString());
        // The owner lists its own model with everything, from its own node.
        Assert.Equal(7, (await alice.GetAsync("/v1/models")).Body!["items"]![0]!["capabilities"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_member_that_does_not_answer_is_named_unreachable_and_the_others_items_are_still_listed()
    {
        await Node0.CreateUserAsync("alice", "wonderland", default);
        await Node1.CreateUserAsync("bob", "builder", default);
        using var alice = await ApiClient.LoginAsync(Node0.GatewayUri, "alice", "wonderland");
        using var bob = await ApiClient.LoginAsync(Node1.GatewayUri, "bob", "builder");
        var (_, model) = await alice.SendAsync(HttpMethod.Post, "/v1/datasets", """{"name":"sales","serviceSelector":{"name":"sales-svc","port":8080}}""");
        await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{model!["id"]!.GetValue<string>()}/grants", """{"principal":"bob@node1.example.org","capabilities":["DISCOVER"]}""");

        await Node2.Overlay.CutAsync(default);
        var (status, list) = await bob.GetAsync("/v1/datasets");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""["node2.example.org"]""", list!["unreachable"]!.ToJsonString());
        // DISCOVER only: type and id, no name or node.
        Assert.Equal($$"""[{"id":"{{model["id"]}}","type":"Dataset","capabilities":["DISCOVER"]}]""", list["items"]!.ToJsonString());
    }

    [Fact]
    public async Task A_member_listing_for_a_user_of_another_node_is_refused()
    {
        var carol = await Node2.CreateUserAsync("carol", "singer", default);
        var domainUid = DomainIdentity.DomainUidOf(Node1.Domain(FederationCluster.DomainName)!)!.Value;
        var impostor = new VerifiedPrincipal(Principal.Of("carol", "node2.example.org"), new PrincipalId(Node2.Id, carol.Id!));

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Node1.Federation.ListServablesAsync(Node0.Id, domainUid, impostor, "Model", CancellationToken.None));
        Assert.Contains($"speaks only for its own users, not for a user of node {Node2.Id}", refused.Message);
    }
}
