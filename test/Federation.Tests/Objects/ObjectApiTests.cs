using System.Net;
using System.Text.Json.Nodes;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Servables;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>The /v1 API of one node over HTTP: users and tokens, servables and their capabilities, grants, errors.</summary>
[Collection(FederationCollection.Name)]
public sealed class ObjectApiTests : IAsyncLifetime
{
    private const string Namespace = FederationNode.Namespace;
    private FederationCluster _cluster = null!;

    private FederationNode Node => _cluster.Creator;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_user_gets_an_id_and_Ready_from_its_Secret_and_Failed_naming_a_missing_one()
    {
        var alice = await Node.CreateUserAsync("alice", "wonderland", default);
        var bob = await Node.CreateUserAsync("bob", password: null, default);

        Assert.Matches("^[0-9a-f]{32}$", alice.Id);
        Assert.Equal(DtUserStatus.Ready, alice.Status);
        Assert.Equal("node0.example.org", alice.Node);
        Assert.Equal(DtUserStatus.Failed, bob.Status);
        Assert.Contains("Secret 'bob-password' not found", bob.Message);

        await Node.ReconcileUserAsync("alice", default);
        Assert.Equal(alice.Id, Node.Objects.Get<DtUser>(Namespace, "alice")!.Id); // stable once given
    }

    [Fact]
    public async Task Login_gives_a_token_whoami_names_its_user_and_a_wrong_password_or_unknown_user_gets_the_same_401()
    {
        var alice = await Node.CreateUserAsync("alice", "wonderland", default);
        using var anonymous = new ApiClient(Node.GatewayUri);

        var (status, login) = await anonymous.SendAsync(HttpMethod.Post, "/v1/login", """{"username":"alice","password":"wonderland"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3600, login!["expires_in"]!.GetValue<long>());
        Assert.Equal(43, login["access_token"]!.GetValue<string>().Length); // 32 bytes, base64url without padding

        using var client = new ApiClient(Node.GatewayUri, login["access_token"]!.GetValue<string>());
        var (whoStatus, who) = await client.GetAsync("/v1/whoami");
        Assert.Equal(HttpStatusCode.OK, whoStatus);
        Assert.Equal("alice@node0.example.org", who!["principal"]!.GetValue<string>());
        Assert.Equal(alice.Id, who["id"]!.GetValue<string>());
        Assert.Equal(Node.Id, who["nodeId"]!.GetValue<string>());

        var wrong = await anonymous.SendAsync(HttpMethod.Post, "/v1/login", """{"username":"alice","password":"nope"}""");
        var unknown = await anonymous.SendAsync(HttpMethod.Post, "/v1/login", """{"username":"mallory","password":"nope"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(wrong.Body!.ToJsonString(), unknown.Body!.ToJsonString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/whoami")).Status);
        using var forged = new ApiClient(Node.GatewayUri, "not-a-token");
        Assert.Equal("the bearer token is unknown or expired: log in again", (await forged.GetAsync("/v1/whoami")).Body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_json_is_a_400_with_a_reason()
    {
        using var anonymous = new ApiClient(Node.GatewayUri);
        var (status, body) = await anonymous.SendAsync(HttpMethod.Post, "/v1/login", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("the request body is not valid JSON", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_call_under_v1_is_a_json_404()
    {
        using var anonymous = new ApiClient(Node.GatewayUri);
        var (status, body) = await anonymous.SendAsync(HttpMethod.Put, "/v1/models");
        Assert.Equal((HttpStatusCode.NotFound, "no API call PUT /v1/models: see GET /v1/doc"), (status, body!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Users_lists_the_Ready_users_of_this_node()
    {
        await Node.CreateUserAsync("alice", "wonderland", default);
        await Node.CreateUserAsync("bob", password: null, default);
        using var alice = await ApiClient.LoginAsync(Node.GatewayUri, "alice", "wonderland");

        var (_, users) = await alice.GetAsync("/v1/users");
        var item = Assert.Single(users!["items"]!.AsArray());
        Assert.Equal("""{"username":"alice","principal":"alice@node0.example.org","node":"node0.example.org"}""", item!.ToJsonString());
    }

    [Fact]
    public async Task The_owner_holds_everything_others_see_only_what_is_granted_and_what_is_hidden_is_a_404()
    {
        await Node.CreateUserAsync("alice", "wonderland", default);
        await Node.CreateUserAsync("bob", "builder", default);
        using var alice = await ApiClient.LoginAsync(Node.GatewayUri, "alice", "wonderland");
        using var bob = await ApiClient.LoginAsync(Node.GatewayUri, "bob", "builder");

        // A principal claimed in a header or the body counts for nothing: the owner is the token's user.
        var (created, model) = await alice.SendAsync(HttpMethod.Post, "/v1/models",
            """{"name":"churn","owner":"bob","description":"churn model","tags":["churn"],"serviceSelector":{"name":"churn-svc","port":8080}}""",
            new Dictionary<string, string> { ["X-Dtaas-Principal"] = "bob@node0.example.org" });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = model!["id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{32}$", id);
        var stored = Node.Objects.Get<DtServable>(Namespace, "churn")!;
        Assert.Equal(("alice", id, $"http://{id}.node0.example.org", DtServableStatus.Ready), (stored.Spec!.Owner, stored.Id, stored.Uri, stored.Status));

        var (_, aliceList) = await alice.GetAsync("/v1/models");
        Assert.Equal("""["DISCOVER","CREATE","READ","UPDATE","DELETE","MANAGE","REQUEST"]""", aliceList!["items"]![0]!["capabilities"]!.ToJsonString());
        Assert.Equal("[]", aliceList["unreachable"]!.ToJsonString());
        Assert.Empty((await alice.GetAsync("/v1/datasets")).Body!["items"]!.AsArray());
        Assert.Empty((await bob.GetAsync("/v1/models")).Body!["items"]!.AsArray());
        var hidden = await bob.GetAsync($"/v1/models/{id}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal((await bob.GetAsync("/v1/models/00000000000000000000000000000000")).Body!["error"]!.GetValue<string>().Replace("0000000000000000000000000000000", ""),
            hidden.Body!["error"]!.GetValue<string>().Replace(id, "0")); // the same words as for no object at all

        Assert.Equal(HttpStatusCode.OK, (await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants",
            """{"principal":"bob@node0.example.org","capabilities":["DISCOVER"]}""")).Status);
        var discovered = Assert.Single((await bob.GetAsync("/v1/models")).Body!["items"]!.AsArray());
        Assert.Equal($$"""{"id":"{{id}}","type":"Model","capabilities":["DISCOVER"]}""", discovered!.ToJsonString());
        var forbidden = await bob.GetAsync($"/v1/models/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Status);
        Assert.Contains("needs READ", forbidden.Body!["error"]!.GetValue<string>());

        await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", """{"principal":"bob@node0.example.org","capabilities":["READ","REQUEST"]}""");
        var (readStatus, read) = await bob.GetAsync($"/v1/models/{id}");
        Assert.Equal(HttpStatusCode.OK, readStatus);
        Assert.Equal("churn model", read!["description"]!.GetValue<string>());
        // The grant holds for bob of this node's id, not for any later node named node0.example.org.
        Assert.Equal($$"""[{"principal":"bob@node0.example.org","capabilities":["DISCOVER","READ","REQUEST"],"grantedBy":"alice@node0.example.org","nodeId":"{{Node.Id}}"}]""",
            read["grants"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.SendAsync(HttpMethod.Delete, $"/v1/models/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/datasets/{id}")).Status); // the wrong kind

        var (revoked, left) = await alice.SendAsync(HttpMethod.Delete, $"/v1/objects/{id}/grants/bob@node0.example.org");
        Assert.Equal((HttpStatusCode.OK, "[]"), (revoked, left!["grants"]!.ToJsonString()));
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/v1/models/{id}")).Status);
    }

    [Fact]
    public async Task Grants_need_MANAGE_and_give_only_what_the_actor_holds()
    {
        await Node.CreateUserAsync("alice", "wonderland", default);
        await Node.CreateUserAsync("bob", "builder", default);
        using var alice = await ApiClient.LoginAsync(Node.GatewayUri, "alice", "wonderland");
        using var bob = await ApiClient.LoginAsync(Node.GatewayUri, "bob", "builder");
        var id = (await alice.SendAsync(HttpMethod.Post, "/v1/datasets", """{"name":"census"}""")).Body!["id"]!.GetValue<string>();

        var grant = (string who, string capabilities) => $$"""{"principal":"{{who}}","capabilities":{{capabilities}}}""";
        var badName = await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("bob@node0.example.org", """["LOOK"]"""));
        Assert.Equal((HttpStatusCode.BadRequest, "'LOOK' is not a capability: use DISCOVER, CREATE, READ, UPDATE, DELETE, MANAGE, REQUEST"),
            (badName.Status, badName.Body!["error"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("bob@node0.example.org", "[]"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("bob", """["READ"]"""))).Status);

        await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("bob@node0.example.org", """["READ","MANAGE"]"""));
        var widening = await bob.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("carol@node1.example.org", """["READ","UPDATE"]"""));
        Assert.Equal(HttpStatusCode.Forbidden, widening.Status);
        Assert.Contains("does not hold UPDATE", widening.Body!["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await bob.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("carol@node1.example.org", """["READ"]"""))).Status);
        Assert.Equal("bob@node0.example.org", Node.Objects.Get<DtServable>(Namespace, "census")!.Grants!.Single(g => g.Principal == "carol@node1.example.org").GrantedBy);

        await alice.SendAsync(HttpMethod.Delete, $"/v1/objects/{id}/grants/bob@node0.example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await bob.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", grant("bob@node0.example.org", """["READ"]"""))).Status);
    }

    [Fact]
    public async Task The_owner_updates_and_deletes_and_names_are_unique()
    {
        await Node.CreateUserAsync("alice", "wonderland", default);
        using var alice = await ApiClient.LoginAsync(Node.GatewayUri, "alice", "wonderland");
        var id = (await alice.SendAsync(HttpMethod.Post, "/v1/reports", """{"name":"q3","tags":["finance"]}""")).Body!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Conflict, (await alice.SendAsync(HttpMethod.Post, "/v1/reports", """{"name":"q3"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SendAsync(HttpMethod.Post, "/v1/reports", """{"name":"Q3!"}""")).Status);
        var (patched, report) = await alice.SendAsync(HttpMethod.Patch, $"/v1/reports/{id}", """{"description":"third quarter"}""");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(("third quarter", """["finance"]"""), (report!["description"]!.GetValue<string>(), report["tags"]!.ToJsonString()));
        Assert.Equal("third quarter", Node.Objects.Get<DtServable>(Namespace, "q3")!.Spec!.Description);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.SendAsync(HttpMethod.Delete, $"/v1/reports/{id}")).Status);
        Assert.Null(Node.Objects.Get<DtServable>(Namespace, "q3"));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/v1/reports/{id}")).Status);
    }

    [Fact]
    public async Task A_servable_applied_with_kubectl_whose_owner_is_no_user_is_Failed_saying_so()
    {
        Node.Objects.Create(new DtServable
        {
            Metadata = new ObjectMeta { Name = "orphan", Namespace = Namespace },
            Spec = new DtServableSpec { Type = DtServableType.Model, Owner = "carol" },
        });
        await Node.ReconcileServableAsync("orphan", default);
        var orphan = Node.Objects.Get<DtServable>(Namespace, "orphan")!;
        Assert.Equal((DtServableStatus.Failed, "owner dtUser 'carol' not found in namespace default"), (orphan.Status, orphan.Message));
        Assert.Matches("^[0-9a-f]{32}$", orphan.Id);

        await Node.CreateUserAsync("carol", "secret", default);
        await Node.ReconcileServableAsync("orphan", default);
        Assert.Equal(DtServableStatus.Ready, Node.Objects.Get<DtServable>(Namespace, "orphan")!.Status);
        using var carol = await ApiClient.LoginAsync(Node.GatewayUri, "carol", "secret");
        Assert.Equal("orphan", (await carol.GetAsync("/v1/models")).Body!["items"]![0]!["name"]!.GetValue<string>());
    }
}
