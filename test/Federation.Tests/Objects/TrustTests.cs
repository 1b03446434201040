using System.Net;
using System.Text.Json.Nodes;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>
/// Trusts across three nodes (issue 13): a Model of alice@node0 is shared with bob@node1 by carol@node2's trust (trust
/// home node2, object node0, viewer node1); node0 decides, with what node2 tells it; every revocation takes effect at
/// once while connected, and a trust home cut off stops counting when its lease runs out.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class TrustTests : IAsyncLifetime
{
    // Short so the cut-off test does not wait 30 s; the decision is the same.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private FederationCluster _cluster = null!;
    private ApiClient _alice = null!, _bob = null!, _carol = null!;
    private string _token = null!;

    private FederationNode Node0 => _cluster.Nodes[0];
    private FederationNode Node1 => _cluster.Nodes[1];
    private FederationNode Node2 => _cluster.Nodes[2];

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(3, TestClusters.Settings with { TrustLease = Lease, TrustRefresh = TimeSpan.FromSeconds(1) });
        _token = await _cluster.CreateDomainAsync(CancellationToken.None);
        await Task.WhenAll(_cluster.Joiners.Select(node => _cluster.JoinAsync(node, _token, CancellationToken.None)));
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(_cluster.Nodes), TestClusters.Patience, CancellationToken.None));
        await Node0.CreateUserAsync("alice", "wonderland", default);
        await Node1.CreateUserAsync("bob", "builder", default);
        await Node2.CreateUserAsync("carol", "singer", default);
        _alice = await ApiClient.LoginAsync(Node0.GatewayUri, "alice", "wonderland");
        _bob = await ApiClient.LoginAsync(Node1.GatewayUri, "bob", "builder");
        _carol = await ApiClient.LoginAsync(Node2.GatewayUri, "carol", "singer");
    }

    public async Task DisposeAsync()
    {
        _alice.Dispose();
        _bob.Dispose();
        _carol.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Carols_trust_shares_alices_model_with_bob_within_what_carol_holds_and_every_revocation_takes_it_back()
    {
        var (model, trust) = await ShareAsync();

        // Listed on node1 with what the trust gives, decided at node0.
        var item = Assert.Single((await BobsModelsAsync())!.AsArray())!;
        Assert.Equal((model, """["DISCOVER","READ","REQUEST"]""", "node0.example.org"),
            (item["id"]!.GetValue<string>(), item["capabilities"]!.ToJsonString(), item["node"]!.GetValue<string>()));

        // Delegation is bounded by what the linker holds on the object, and only trustees change the trust.
        var widening = await _carol.SendAsync(HttpMethod.Post, $"/v1/trusts/{trust}/objects", Link(model, "UPDATE"));
        Assert.Equal(HttpStatusCode.Forbidden, widening.Status);
        Assert.Contains("does not hold UPDATE", widening.Body!["error"]!.GetValue<string>());
        // bob, a member, reads the trust through his own node; it lives on node2 and he may not change it.
        var (seen, view) = await _bob.GetAsync($"/v1/trusts/{trust}");
        Assert.Equal((HttpStatusCode.OK, "node2.example.org"), (seen, view!["node"]!.GetValue<string>()));
        var (refused, why) = await _bob.SendAsync(HttpMethod.Post, $"/v1/trusts/{trust}/members", """{"principal":"bob@node1.example.org","role":"trustee"}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("only the trustees", why!["error"]!.GetValue<string>());

        // Each revocation: the member removed, the object unlinked, the trust deleted.
        await Expect(HttpStatusCode.OK, _carol.SendAsync(HttpMethod.Delete, $"/v1/trusts/{trust}/members/bob@node1.example.org"));
        Assert.Empty((await BobsModelsAsync())!.AsArray());
        await Expect(HttpStatusCode.OK, _carol.SendAsync(HttpMethod.Post, $"/v1/trusts/{trust}/members", """{"principal":"bob@node1.example.org"}"""));
        Assert.Single((await BobsModelsAsync())!.AsArray());
        await Expect(HttpStatusCode.OK, _carol.SendAsync(HttpMethod.Delete, $"/v1/trusts/{trust}/objects/{model}"));
        Assert.Empty((await BobsModelsAsync())!.AsArray());
        Assert.DoesNotContain(trust, Approvals()); // linking it again needs MANAGE again
        await Expect(HttpStatusCode.OK, _carol.SendAsync(HttpMethod.Post, $"/v1/trusts/{trust}/objects", Link(model, "DISCOVER", "READ")));
        Assert.Equal("""["DISCOVER","READ"]""", (await BobsModelsAsync())![0]!["capabilities"]!.ToJsonString());
        Assert.Contains(trust, Approvals());
        await Expect(HttpStatusCode.NoContent, _carol.SendAsync(HttpMethod.Delete, $"/v1/trusts/{trust}"));
        Assert.Empty((await BobsModelsAsync())!.AsArray());
        Assert.DoesNotContain(trust, Approvals());
        Assert.Equal(HttpStatusCode.NotFound, (await _carol.GetAsync($"/v1/trusts/{trust}")).Status);
    }

    [Fact]
    public async Task A_trust_whose_home_is_cut_off_stops_counting_on_the_objects_node_when_its_lease_runs_out()
    {
        await ShareAsync();
        Assert.Single((await BobsModelsAsync())!.AsArray());

        await Node2.DisposeAsync(); // the trust's home stops: it tells node0 nothing more

        Assert.True(await _cluster.WaitUntilAsync(() => BobsModelsAsync().Result!.AsArray().Count == 0, Lease * 4, CancellationToken.None),
            "node0 still honours the trust of a node it has not heard from");
    }

    [Fact]
    public async Task The_trust_lists_its_trustees_members_and_objects_to_them_and_nobody_else()
    {
        var (model, trust) = await ShareAsync();

        var (status, view) = await _carol.GetAsync($"/v1/trusts/{trust}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($$"""{"id":"{{trust}}","name":"churn-sharing","node":"node2.example.org","trustees":["carol@node2.example.org"],"members":["bob@node1.example.org"],"objects":[{"node":"node0.example.org","id":"{{model}}","capabilities":["DISCOVER","READ","REQUEST"]}],"version":3}""",
            view!.ToJsonString());
        Assert.Equal(trust, (await _carol.GetAsync("/v1/trusts")).Body!["items"]![0]!["id"]!.GetValue<string>());
        await Node2.CreateUserAsync("dave", "diver", default);
        using var dave = await ApiClient.LoginAsync(Node2.GatewayUri, "dave", "diver");
        Assert.Equal(HttpStatusCode.NotFound, (await dave.GetAsync($"/v1/trusts/{trust}")).Status);
        Assert.Empty((await dave.GetAsync("/v1/trusts")).Body!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_node_that_leaves_loses_its_users_grants_and_places_in_trusts_while_the_others_keep_theirs()
    {
        var (model, trust) = await ShareAsync();
        await Expect(HttpStatusCode.OK, _alice.SendAsync(HttpMethod.Post, $"/v1/objects/{model}/grants",
            """{"principal":"bob@node1.example.org","capabilities":["DISCOVER"]}"""));

        await Node1.DeleteDomainAsync(FederationCluster.DomainName, default);

        Assert.True(await _cluster.WaitUntilAsync(() =>
            Node0.Objects.Get<DtServable>(FederationNode.Namespace, "churn")!.Grants!.All(g => g.Principal != "bob@node1.example.org")
            && Node2.Objects.Get<DtTrust>(FederationNode.Namespace, trust)!.Members!.Count == 0,
            TestClusters.Patience, CancellationToken.None), "bob@node1's grant and trust membership outlived node1's leaving");
        // carol (node2) is still in the domain: her grant and her trust's link stay.
        var servable = Node0.Objects.Get<DtServable>(FederationNode.Namespace, "churn")!;
        Assert.Contains(servable.Grants!, g => g.Principal == "carol@node2.example.org");
        Assert.Single(Node2.Objects.Get<DtTrust>(FederationNode.Namespace, trust)!.Objects!);
    }

    [Fact]
    public async Task A_trustee_of_another_node_reads_lists_and_changes_the_trust_through_its_own_node()
    {
        var (model, trust) = await ShareAsync();
        await Expect(HttpStatusCode.OK, _carol.SendAsync(HttpMethod.Post, $"/v1/trusts/{trust}/members", """{"principal":"bob@node1.example.org","role":"trustee"}"""));

        // GET /v1/trusts on node1 lists the trust kept on node2.
        var (status, list) = await _bob.GetAsync("/v1/trusts");
        Assert.Equal(HttpStatusCode.OK, status);
        var listed = Assert.Single(list!["items"]!.AsArray())!;
        Assert.Equal((trust, "node2.example.org"), (listed["id"]!.GetValue<string>(), listed["node"]!.GetValue<string>()));
        Assert.Empty(list["unreachable"]!.AsArray());

        // bob links his own Model (node1) into carol's trust and adds alice as a member: she sees it, decided at node1.
        var (_, created) = await _bob.SendAsync(HttpMethod.Post, "/v1/models", """{"name":"bobs","serviceSelector":{"name":"bobs-svc","port":8080}}""");
        var bobs = created!["id"]!.GetValue<string>();
        await Expect(HttpStatusCode.OK, _bob.SendAsync(HttpMethod.Post, $"/v1/trusts/{trust}/objects",
            $$"""{"id":"{{bobs}}","node":"node1.example.org","capabilities":["DISCOVER","READ"]}"""));
        await Expect(HttpStatusCode.OK, _bob.SendAsync(HttpMethod.Post, $"/v1/trusts/{trust}/members", """{"principal":"alice@node0.example.org"}"""));
        var (_, alices) = await _alice.GetAsync("/v1/models");
        var shared = Assert.Single(alices!["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == bobs)!;
        Assert.Equal(("""["DISCOVER","READ"]""", "node1.example.org"), (shared["capabilities"]!.ToJsonString(), shared["node"]!.GetValue<string>()));

        // Delegation stays bounded by what bob holds: as a trustee he may MANAGE alice's Model, but gives only what the trust gives him.
        var (widened, why) = await _bob.SendAsync(HttpMethod.Post, $"/v1/trusts/{trust}/objects", Link(model, "UPDATE"));
        Assert.Equal(HttpStatusCode.Forbidden, widened);
        Assert.Contains("does not hold UPDATE", why!["error"]!.GetValue<string>());

        // bob's unlinking through node1 takes it back at once.
        await Expect(HttpStatusCode.OK, _bob.SendAsync(HttpMethod.Delete, $"/v1/trusts/{trust}/objects/{bobs}"));
        Assert.DoesNotContain((await _alice.GetAsync("/v1/models")).Body!["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == bobs);
    }

    [Fact]
    public async Task A_node_that_leaves_and_joins_again_gets_none_of_its_grants_or_places_in_trusts_back()
    {
        var (model, trust) = await ShareAsync();
        await Expect(HttpStatusCode.OK, _alice.SendAsync(HttpMethod.Post, $"/v1/objects/{model}/grants",
            """{"principal":"bob@node1.example.org","capabilities":["DISCOVER"]}"""));
        await Node1.DeleteDomainAsync(FederationCluster.DomainName, default);
        Assert.True(await _cluster.WaitUntilAsync(() => Node2.Objects.Get<DtTrust>(FederationNode.Namespace, trust)!.Members!.Count == 0
            && Node0.Objects.Get<DtServable>(FederationNode.Namespace, "churn")!.Grants!.All(g => g.Principal != "bob@node1.example.org"),
            TestClusters.Patience, CancellationToken.None), "node1's places outlived its leaving");

        await _cluster.JoinAsync(Node1, _token, default);
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(_cluster.Nodes), TestClusters.Patience, CancellationToken.None));

        // bob is a user of the domain again (others DISCOVER him), but sees nothing of what he was given before.
        Assert.True(await _cluster.WaitUntilAsync(() => Node0.Objects.Users().Any(u => u.Username == "bob"), TestClusters.Patience, CancellationToken.None),
            "bob's replica did not come back to node0");
        Assert.Empty((await BobsModelsAsync())!.AsArray());
        Assert.Empty((await _bob.GetAsync("/v1/trusts")).Body!["items"]!.AsArray());
        Assert.Empty(Node2.Objects.Get<DtTrust>(FederationNode.Namespace, trust)!.Members!);
    }

    [Fact]
    public async Task A_trust_entry_holds_for_the_node_id_it_was_made_for_not_for_a_later_node_of_the_same_name()
    {
        var (model, trust) = await ShareAsync();
        // The home keeps each entry's node id, resolved from its member list (its own user: its own id).
        var kept = Node2.Objects.Get<DtTrust>(FederationNode.Namespace, trust)!.NodeIds!;
        Assert.Equal((Node1.Id, Node2.Id), (kept["bob@node1.example.org"], kept["carol@node2.example.org"]));

        // node0, the object's node, decides by (username, node id): node1's bob holds what the trust gives; a bob of
        // another node that now holds the name node1.example.org (as after node1 leaves and another joins under it) holds nothing.
        const string Later = "99999999999999999999999999999999";
        var bobId = Node1.Objects.Get<DtUser>(FederationNode.Namespace, "bob")!.Id!;
        var realBob = new VerifiedPrincipal(Principal.Parse("bob@node1.example.org"), new PrincipalId(Node1.Id, bobId));
        var laterBob = realBob with { Id = new PrincipalId(Later, bobId) };
        var servables = Node0.Grains.GetGrain<IServableDirectoryGrain>(FederationNode.Namespace);
        Assert.Equal(model, Assert.Single(await servables.List(realBob, "Model", default)).Id);
        Assert.Empty(await servables.List(laterBob, "Model", default));

        // At the home, the later bob does not know of the trust, and carol (a trustee by node2's id) is no trustee from another node id.
        var home = Node2.Grains.GetGrain<IDtTrustGrain>($"{FederationNode.Namespace}/{trust}");
        Assert.Equal(ServableOutcome.Done, (await home.View(realBob, default)).Outcome);
        Assert.Equal(ServableOutcome.Hidden, (await home.View(laterBob, default)).Outcome);
        var carolId = Node2.Objects.Get<DtUser>(FederationNode.Namespace, "carol")!.Id!;
        var laterCarol = new VerifiedPrincipal(Principal.Parse("carol@node2.example.org"), new PrincipalId(Later, carolId));
        Assert.Equal(ServableOutcome.Hidden, (await home.AddMember(laterCarol, Principal.Parse("mallory@node1.example.org"), true, default)).Outcome);

        // Forgetting departed nodes goes by id too: node1.example.org is a known name again, but node1's id is not, so bob goes.
        await home.Forget(["node0.example.org", "node1.example.org", "node2.example.org"], [Node0.Id, Later, Node2.Id], default);
        var after = Node2.Objects.Get<DtTrust>(FederationNode.Namespace, trust)!;
        Assert.Empty(after.Members!);
        Assert.False(after.NodeIds!.ContainsKey("bob@node1.example.org"));
    }

    [Fact]
    public async Task A_trust_entry_made_before_node_ids_were_kept_still_holds_by_name()
    {
        var (model, trust) = await ShareAsync();
        // As a dtTrust written by an earlier version reads: principals only.
        var home = Node2.Grains.GetGrain<IDtTrustGrain>($"{FederationNode.Namespace}/{trust}");
        var old = Node2.Objects.Get<DtTrust>(FederationNode.Namespace, trust)! with { NodeIds = null };
        Node2.Objects.Update(old);
        await home.Reconcile(default); // re-reads it and tells node0 before it returns

        // node0 decides such entries by name, as it did before: whichever node holds the name node1.example.org.
        var bobId = Node1.Objects.Get<DtUser>(FederationNode.Namespace, "bob")!.Id!;
        var byName = new VerifiedPrincipal(Principal.Parse("bob@node1.example.org"), new PrincipalId("99999999999999999999999999999999", bobId));
        Assert.Equal(model, Assert.Single(await Node0.Grains.GetGrain<IServableDirectoryGrain>(FederationNode.Namespace).List(byName, "Model", default)).Id);
        Assert.Equal(model, Assert.Single((await BobsModelsAsync())!.AsArray())!["id"]!.GetValue<string>());
        var carolId = Node2.Objects.Get<DtUser>(FederationNode.Namespace, "carol")!.Id!;
        var carol = new VerifiedPrincipal(Principal.Parse("carol@node2.example.org"), new PrincipalId(Node2.Id, carolId));
        Assert.Equal(ServableOutcome.Done, (await home.View(carol, default)).Outcome);
    }

    /// <summary>alice@node0 creates a Model and lets carol@node2 manage it; carol's trust shares it with bob@node1.</summary>
    private async Task<(string Model, string Trust)> ShareAsync()
    {
        var (_, created) = await _alice.SendAsync(HttpMethod.Post, "/v1/models", """{"name":"churn","serviceSelector":{"name":"churn-svc","port":8080}}""");
        var model = created!["id"]!.GetValue<string>();
        await Expect(HttpStatusCode.OK, _alice.SendAsync(HttpMethod.Post, $"/v1/objects/{model}/grants",
            """{"principal":"carol@node2.example.org","capabilities":["DISCOVER","READ","REQUEST","MANAGE"]}"""));
        Assert.Empty((await BobsModelsAsync())!.AsArray());

        var (status, trust) = await _carol.SendAsync(HttpMethod.Post, "/v1/trusts", """{"name":"churn-sharing"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        var id = trust!["id"]!.GetValue<string>();
        await Expect(HttpStatusCode.OK, _carol.SendAsync(HttpMethod.Post, $"/v1/trusts/{id}/members", """{"principal":"bob@node1.example.org","role":"member"}"""));
        await Expect(HttpStatusCode.OK, _carol.SendAsync(HttpMethod.Post, $"/v1/trusts/{id}/objects", Link(model, "DISCOVER", "READ", "REQUEST")));
        return (model, id);
    }

    /// <summary>The trusts node0 approved linking alice's Model into (its approvals annotation).</summary>
    private string Approvals() =>
        Node0.Objects.Get<DtServable>(FederationNode.Namespace, "churn")!.Metadata.Annotations?.GetValueOrDefault("sid.sightlineinnovation.com/trust-links") ?? "";

    private static string Link(string model, params string[] capabilities) =>
        $$"""{"id":"{{model}}","node":"node0.example.org","capabilities":[{{string.Join(",", capabilities.Select(c => $"\"{c}\""))}}]}""";

    private async Task<JsonNode?> BobsModelsAsync()
    {
        var (status, list) = await _bob.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, status);
        return list!["items"];
    }

    private static async Task Expect(HttpStatusCode expected, Task<(HttpStatusCode Status, JsonNode? Body)> call)
    {
        var (status, body) = await call;
        Assert.True(status == expected, $"{status}: {body?.ToJsonString()}");
    }
}
