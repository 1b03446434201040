using System.Net;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Ports;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>
/// A user of node1 acts on a servable of node0 by its id through node1's /v1 API (issue 23): node1 finds node0 by
/// asking the members and node0 decides. A grant by a user who may READ but not MANAGE is 403 (it was 404), a read
/// shows the servable under node1's own name (where node1's gateway serves it), and an id no member holds stays 404.
/// PATCH and DELETE go the same way: 403 from node0 without UPDATE or DELETE, 404 for what the user may not know of.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class ForwardedServableTests : IAsyncLifetime
{
    private FederationCluster _cluster = null!;

    private FederationNode Node0 => _cluster.Nodes[0];
    private FederationNode Node1 => _cluster.Nodes[1];

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(2);
        var token = await _cluster.CreateDomainAsync(CancellationToken.None);
        await Task.WhenAll(_cluster.Joiners.Select(node => _cluster.JoinAsync(node, token, CancellationToken.None)));
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(_cluster.Nodes), TestClusters.Patience, CancellationToken.None));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_user_of_node1_reads_and_grants_on_a_node0_servable_as_node0_decides()
    {
        await Node0.CreateUserAsync("alice", "wonderland", default);
        await Node1.CreateUserAsync("bob", "builder", default);
        using var alice = await ApiClient.LoginAsync(Node0.GatewayUri, "alice", "wonderland");
        using var bob = await ApiClient.LoginAsync(Node1.GatewayUri, "bob", "builder");
        var (_, model) = await alice.SendAsync(HttpMethod.Post, "/v1/models", """{"name":"churn","serviceSelector":{"name":"churn-svc","port":8080}}""");
        var id = model!["id"]!.GetValue<string>();
        var grant = (string who, string capabilities) => $$"""{"principal":"{{who}}","capabilities":{{capabilities}}}""";

        // Before any grant bob may not know of it: 404 on node1 as on node0.
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/models/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("carol@node1.example.org", """["READ"]"""))).Status);

        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("bob@node1.example.org", """["DISCOVER","READ","REQUEST"]"""))).Status);
        await Node0.ReconcileServableAsync("churn", default);

        var (readStatus, read) = await bob.GetAsync($"/v1/models/{id}");
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.Equal("node0.example.org", read!["node"]!.GetValue<string>());
        Assert.Equal($"http://{id}.node1.example.org", read["uri"]!.GetValue<string>());
        Assert.Equal("alice", read["owner"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/datasets/{id}")).Status); // the wrong kind

        var (granted, refusal) = await bob.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("carol@node1.example.org", """["READ"]"""));
        Assert.Equal(HttpStatusCode.Forbidden, granted);
        Assert.Contains("MANAGE", refusal!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.SendAsync(HttpMethod.Delete, $"/v1/objects/{id}/grants/alice@node0.example.org")).Status);
        Assert.Null(Node0.Objects.Get<DtServable>(FederationNode.Namespace, "churn")!.Grants!.SingleOrDefault(g => g.Principal == "carol@node1.example.org"));

        // With MANAGE the grant is made at node0, by bob.
        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("bob@node1.example.org", """["MANAGE"]"""))).Status);
        Assert.Equal(HttpStatusCode.OK, (await bob.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("carol@node1.example.org", """["READ"]"""))).Status);
        Assert.Equal("bob@node1.example.org", Node0.Objects.Get<DtServable>(FederationNode.Namespace, "churn")!.Grants!.Single(g => g.Principal == "carol@node1.example.org").GrantedBy);
        Assert.Equal(HttpStatusCode.OK, (await bob.SendAsync(HttpMethod.Delete, $"/v1/objects/{id}/grants/carol@node1.example.org")).Status);
        Assert.DoesNotContain(Node0.Objects.Get<DtServable>(FederationNode.Namespace, "churn")!.Grants!, g => g.Principal == "carol@node1.example.org");

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/models/{new string('a', 32)}")).Status);
    }

    [Fact]
    public async Task A_user_of_node1_patches_and_deletes_a_node0_servable_as_node0_decides()
    {
        await Node0.CreateUserAsync("hana", "harbour", default);
        await Node1.CreateUserAsync("ivan", "island", default);
        using var hana = await ApiClient.LoginAsync(Node0.GatewayUri, "hana", "harbour");
        using var ivan = await ApiClient.LoginAsync(Node1.GatewayUri, "ivan", "island");
        var (_, model) = await hana.SendAsync(HttpMethod.Post, "/v1/models", """{"name":"ships","serviceSelector":{"name":"ships-svc","port":8080}}""");
        var id = model!["id"]!.GetValue<string>();
        var grant = (string capabilities) => $$"""{"principal":"ivan@node1.example.org","capabilities":{{capabilities}}}""";
        const string patch = """{"description":"retrained","tags":["ml"]}""";
        DtServable? Stored() => Node0.Objects.Get<DtServable>(FederationNode.Namespace, "ships");

        // Unseen: 404 for both, as for an id no member holds.
        Assert.Equal(HttpStatusCode.NotFound, (await ivan.SendAsync(HttpMethod.Patch, $"/v1/models/{id}", patch)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ivan.SendAsync(HttpMethod.Delete, $"/v1/models/{id}")).Status);

        // READ but not UPDATE or DELETE: node0 says 403, and nothing changes.
        Assert.Equal(HttpStatusCode.OK, (await hana.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("""["DISCOVER","READ"]"""))).Status);
        await Node0.ReconcileServableAsync("ships", default);
        var (patchRefused, why) = await ivan.SendAsync(HttpMethod.Patch, $"/v1/models/{id}", patch);
        Assert.Equal(HttpStatusCode.Forbidden, patchRefused);
        Assert.Contains("needs UPDATE", why!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await ivan.SendAsync(HttpMethod.Delete, $"/v1/models/{id}")).Status);
        Assert.Null(Stored()!.Spec!.Description);

        // With UPDATE the change is made at node0; a Service of node0 is named only by node0's users.
        Assert.Equal(HttpStatusCode.OK, (await hana.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("""["UPDATE"]"""))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ivan.SendAsync(HttpMethod.Patch, $"/v1/models/{id}", patch)).Status);
        Assert.Equal(("retrained", "ml"), (Stored()!.Spec!.Description, Stored()!.Spec!.Tags!.Single()));
        var (serviceRefused, serviceWhy) = await ivan.SendAsync(HttpMethod.Patch, $"/v1/models/{id}", """{"serviceSelector":{"name":"elsewhere","port":80}}""");
        Assert.Equal(HttpStatusCode.BadRequest, serviceRefused);
        Assert.Contains("only a user of node0.example.org changes it", serviceWhy!["error"]!.GetValue<string>());
        Assert.Equal("ships-svc", Stored()!.Spec!.ServiceSelector!.Name);

        // With DELETE it is gone from node0.
        Assert.Equal(HttpStatusCode.OK, (await hana.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("""["DELETE"]"""))).Status);
        var (deleted, _) = await ivan.SendAsync(HttpMethod.Delete, $"/v1/models/{id}");
        Assert.True(deleted is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{deleted}");
        Assert.Null(Stored());
        Assert.Equal(HttpStatusCode.NotFound, (await ivan.SendAsync(HttpMethod.Delete, $"/v1/models/{id}")).Status);
    }

    [Fact]
    public async Task The_gateway_locates_a_members_servable_for_a_user_who_may_know_of_it_only()
    {
        await Node0.CreateUserAsync("dave", "diver", default);
        var erin = await Node1.CreateUserAsync("erin", "eagle", default);
        var frank = await Node1.CreateUserAsync("frank", "falcon", default);
        using var dave = await ApiClient.LoginAsync(Node0.GatewayUri, "dave", "diver");
        var (_, model) = await dave.SendAsync(HttpMethod.Post, "/v1/models", """{"name":"fraud","serviceSelector":{"name":"fraud-svc","port":8080}}""");
        var id = model!["id"]!.GetValue<string>();
        await dave.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", """{"principal":"erin@node1.example.org","capabilities":["REQUEST"]}""");
        await Node0.ReconcileServableAsync("fraud", default);
        var directory = Node1.Grains.GetGrain<IServableDirectoryGrain>(FederationNode.Namespace);
        VerifiedPrincipal As(DtUser user) => new(Principal.Of(user.Metadata.Name!, "node1.example.org"), new PrincipalId(Node1.Id, user.Id!));

        Assert.Equal(new ServableLocation(Node0.Id, "node0.example.org"), await directory.Locate(As(erin), id, default));
        Assert.Null(await directory.Locate(As(frank), id, default));
    }

    [Fact]
    public async Task A_member_acting_for_a_user_of_another_node_is_refused()
    {
        var owner = await Node0.CreateUserAsync("gina", "gardener", default);
        var domainUid = DomainIdentity.DomainUidOf(Node1.Domain(FederationCluster.DomainName)!)!.Value;
        // node1 speaking for node0's own user.
        var impostor = new VerifiedPrincipal(Principal.Of("gina", "node0.example.org"), new PrincipalId(Node0.Id, owner.Id!));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Node1.Federation.ActOnServableAsync(Node0.Id, domainUid, impostor, new string('b', 32), new ServableAction.Read(), CancellationToken.None));
    }
}
