using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dtaas.EndToEnd.Tests.Topology;
using Xunit.Abstractions;
using static Dtaas.EndToEnd.Tests.ApiUsers;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Users, servables and trusts across three real silos (node0 created the domain, node1 and node2 joined), as users
/// drive them: kubectl for users, HTTP for the /v1 API. A Model of alice@node0 is invisible to bob@node1 until carol@node2's
/// trust (home node2, object node0, viewer node1) shares it; revoking takes it back; a member that stops answering is
/// named unreachable and does not hold the list up; a trust home cut off stops counting when the trust lease runs out;
/// a member that leaves and joins again gets nothing back.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class FederatedObjectsTests(ObjectsFixture fixture, ITestOutputHelper output) : IClassFixture<ObjectsFixture>
{
    [NamespaceFact]
    public async Task Carols_trust_on_node2_shares_alices_model_on_node0_with_bob_on_node1_and_a_stopped_member_is_named_unreachable()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        using var alice = await UserAsync(node0, "alice", "wonderland");
        using var bob = await UserAsync(node1, "bob", "builder");
        using var carol = await UserAsync(node2, "carol", "singer");

        // Users are visible everywhere: each node lists its own and the others' (read-only replicas).
        var principals = new[] { $"alice@{node0.NodeName}", $"bob@{node1.NodeName}", $"carol@{node2.NodeName}" };
        foreach (var (client, silo) in new[] { (alice, node0), (bob, node1), (carol, node2) })
        {
            await Eventually.Until(async () => (await SendAsync(client, HttpMethod.Get, silo, "/v1/users"))["items"]!.AsArray()
                    .Select(u => u!["principal"]!.GetValue<string>()).ToHashSet(),
                seen => principals.All(seen.Contains), TimeSpan.FromSeconds(30), $"every user listed on {silo.NodeName}");
        }

        var model = (await SendAsync(alice, HttpMethod.Post, node0, "/v1/models", """{"name":"churn","serviceSelector":{"name":"churn-svc","port":8080}}""",
            HttpStatusCode.Created))["id"]!.GetValue<string>();
        await SendAsync(alice, HttpMethod.Post, node0, $"/v1/objects/{model}/grants",
            $$"""{"principal":"carol@{{node2.NodeName}}","capabilities":["DISCOVER","READ","REQUEST","MANAGE"]}""");
        Assert.Equal("""{"items":[],"unreachable":[]}""", (await SendAsync(bob, HttpMethod.Get, node1, "/v1/models")).ToJsonString());

        var trust = (await SendAsync(carol, HttpMethod.Post, node2, "/v1/trusts", """{"name":"churn-sharing"}""", HttpStatusCode.Created))["id"]!.GetValue<string>();
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/members", $$"""{"principal":"bob@{{node1.NodeName}}","role":"member"}""");
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/objects",
            $$"""{"id":"{{model}}","node":"{{node0.NodeName}}","capabilities":["DISCOVER","READ","REQUEST"]}""");

        var listed = await SendAsync(bob, HttpMethod.Get, node1, "/v1/models");
        Assert.Equal($$"""{"items":[{"id":"{{model}}","type":"Model","capabilities":["DISCOVER","READ","REQUEST"],"name":"churn","node":"{{node0.NodeName}}"}],"unreachable":[]}""",
            listed.ToJsonString());

        // bob reads and lists the trust through his own node; it lives on node2.
        var trusts = await SendAsync(bob, HttpMethod.Get, node1, "/v1/trusts");
        Assert.Equal((trust, node2.NodeName), (trusts["items"]![0]!["id"]!.GetValue<string>(), trusts["items"]![0]!["node"]!.GetValue<string>()));
        // Delegation is bounded by what carol holds on the Model (no UPDATE), decided at node0.
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/objects",
            $$"""{"id":"{{model}}","node":"{{node0.NodeName}}","capabilities":["UPDATE"]}""", HttpStatusCode.Forbidden);

        // Unlinking the Model revokes on node0 before the call returns; linking it again needs carol's MANAGE again.
        await SendAsync(carol, HttpMethod.Delete, node2, $"/v1/trusts/{trust}/objects/{model}");
        Assert.Empty((await SendAsync(bob, HttpMethod.Get, node1, "/v1/models"))["items"]!.AsArray());
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/objects",
            $$"""{"id":"{{model}}","node":"{{node0.NodeName}}","capabilities":["DISCOVER","READ","REQUEST"]}""");

        // Removing bob from the trust revokes on node0 before the call returns.
        await SendAsync(carol, HttpMethod.Delete, node2, $"/v1/trusts/{trust}/members/bob@{node1.NodeName}");
        Assert.Empty((await SendAsync(bob, HttpMethod.Get, node1, "/v1/models"))["items"]!.AsArray());
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/members", $$"""{"principal":"bob@{{node1.NodeName}}"}""");

        // node2 stops answering (SIGSTOP: its sockets stay open, nothing comes back): bob's list names it and goes on.
        await SignalAsync("STOP", node2.Process.Pid);
        try
        {
            var clock = Stopwatch.StartNew();
            var partial = await SendAsync(bob, HttpMethod.Get, node1, "/v1/models");
            output.WriteLine($"list with node2 stopped: {clock.Elapsed.TotalSeconds:0.00} s");
            Assert.Equal($"""["{node2.NodeName}"]""", partial["unreachable"]!.ToJsonString());
            // node0 still honours carol's trust: node2 told it less than the trust lease ago.
            Assert.Single(partial["items"]!.AsArray());
        }
        finally
        {
            await SignalAsync("CONT", node2.Process.Pid);
        }
        await SendAsync(carol, HttpMethod.Delete, node2, $"/v1/trusts/{trust}", expected: HttpStatusCode.NoContent);
        Assert.Empty((await SendAsync(bob, HttpMethod.Get, node1, "/v1/models"))["items"]!.AsArray());
    }

    [NamespaceFact]
    public async Task A_trust_whose_home_is_cut_off_stops_counting_within_the_lease_and_counts_again_when_it_is_back()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        var (model, trust, bob, carol) = await ShareAsync("ada", "ben", "cid", "partitioned");
        using var _ = bob;
        using var __ = carol;

        // node2's link goes down: node0 hears nothing more from the trust's home.
        await fixture.Topology.SetLinkAsync(node2, "down");
        var clock = Stopwatch.StartNew();
        try
        {
            var partial = await Eventually.Until(() => SendAsync(bob, HttpMethod.Get, node1, "/v1/models"), list => list["items"]!.AsArray().Count == 0,
                ObjectsFixture.TrustLease * 3, "node0 to stop honouring the trust of a home it cannot hear");
            output.WriteLine($"trust home cut off → not honoured: {clock.Elapsed.TotalSeconds:0.0} s (lease {ObjectsFixture.TrustLease.TotalSeconds} s)");
            // Within the lease, give or take one list (each waits 2 s for node2) and a loaded machine.
            Assert.True(clock.Elapsed < ObjectsFixture.TrustLease + TimeSpan.FromSeconds(7), $"honoured for {clock.Elapsed} after the home was cut off");
            Assert.Equal($"""["{node2.NodeName}"]""", partial["unreachable"]!.ToJsonString());
        }
        finally
        {
            await fixture.Topology.SetLinkAsync(node2, "up");
        }
        // Back: the home's next telling makes it count again.
        await Eventually.Until(() => SendAsync(bob, HttpMethod.Get, node1, "/v1/models"), list => list["items"]!.AsArray().Any(i => i!["id"]!.GetValue<string>() == model),
            TimeSpan.FromSeconds(60), "the trust to count again once its home is back");
        await SendAsync(carol, HttpMethod.Delete, node2, $"/v1/trusts/{trust}", expected: HttpStatusCode.NoContent);
        await fixture.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(30));
    }

    [NamespaceFact]
    public async Task A_member_that_leaves_and_joins_again_gets_none_of_its_users_grants_or_places_in_trusts_back()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        var (model, trust, bob, carol) = await ShareAsync("eve", "fay", "gus", "rejoined");
        using var _ = bob;
        using var __ = carol;

        await node1.KubectlCheckedAsync("delete", "dtdomain", FederationFixture.Domain);
        // node2 drops fay@node1 from its trust as soon as it applies the list without node1.
        await Eventually.Until(() => SendAsync(carol, HttpMethod.Get, node2, $"/v1/trusts/{trust}"), t => t["members"]!.AsArray().Count == 0,
            TimeSpan.FromSeconds(30), "fay to leave carol's trust with her node");
        await node1.ApplyJoinAsync(FederationFixture.Domain, node0.JoinAddress(), fixture.Token, CancellationToken.None);
        Assert.Equal("Ready", (await node1.WaitForJoinOutcomeAsync(FederationFixture.Domain)).String("status"));
        await fixture.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(30));

        // fay is a user of the domain again, but nothing she was given came back.
        await Eventually.Until(async () => (await SendAsync(carol, HttpMethod.Get, node2, "/v1/users"))["items"]!.AsArray()
            .Select(u => u!["principal"]!.GetValue<string>()).ToList(), seen => seen.Contains($"fay@{node1.NodeName}"), TimeSpan.FromSeconds(30), "fay listed on node2 again");
        var listed = await SendAsync(bob, HttpMethod.Get, node1, "/v1/models");
        Assert.DoesNotContain(listed["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == model);
        Assert.Empty((await SendAsync(carol, HttpMethod.Get, node2, $"/v1/trusts/{trust}"))["members"]!.AsArray());
        await SendAsync(carol, HttpMethod.Delete, node2, $"/v1/trusts/{trust}", expected: HttpStatusCode.NoContent);
    }

    /// <summary>
    /// <paramref name="owner"/>@node0 creates a Model, grants <paramref name="trustee"/>@node2 what it passes on and MANAGE,
    /// and the trustee's trust shares it with <paramref name="viewer"/>@node1, who then lists it; answers the viewer's and trustee's clients.
    /// </summary>
    private async Task<(string Model, string Trust, HttpClient Viewer, HttpClient Trustee)> ShareAsync(string owner, string viewer, string trustee, string name)
    {
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        using var alice = await UserAsync(node0, owner, "wonderland");
        var bob = await UserAsync(node1, viewer, "builder");
        var carol = await UserAsync(node2, trustee, "singer");
        var model = (await SendAsync(alice, HttpMethod.Post, node0, "/v1/models", $$$"""{"name":"{{{name}}}","serviceSelector":{"name":"{{{name}}}-svc","port":8080}}""",
            HttpStatusCode.Created))["id"]!.GetValue<string>();
        await SendAsync(alice, HttpMethod.Post, node0, $"/v1/objects/{model}/grants",
            $$"""{"principal":"{{trustee}}@{{node2.NodeName}}","capabilities":["DISCOVER","READ","MANAGE"]}""");
        await SendAsync(alice, HttpMethod.Post, node0, $"/v1/objects/{model}/grants", $$"""{"principal":"{{viewer}}@{{node1.NodeName}}","capabilities":["DISCOVER"]}""");
        var trust = (await SendAsync(carol, HttpMethod.Post, node2, "/v1/trusts", $$"""{"name":"{{name}}"}""", HttpStatusCode.Created))["id"]!.GetValue<string>();
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/members", $$"""{"principal":"{{viewer}}@{{node1.NodeName}}"}""");
        await SendAsync(carol, HttpMethod.Post, node2, $"/v1/trusts/{trust}/objects",
            $$"""{"id":"{{model}}","node":"{{node0.NodeName}}","capabilities":["DISCOVER","READ"]}""");
        await SendAsync(alice, HttpMethod.Delete, node0, $"/v1/objects/{model}/grants/{viewer}@{node1.NodeName}");
        var listed = await SendAsync(bob, HttpMethod.Get, node1, "/v1/models");
        Assert.Equal("""["DISCOVER","READ"]""", Assert.Single(listed["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == model)!["capabilities"]!.ToJsonString());
        return (model, trust, bob, carol);
    }

    [NamespaceFact]
    public async Task A_model_served_on_node0_answers_bob_through_node1s_gateway_under_either_name_with_REQUEST_and_nobody_without_it()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        using var alice = await UserAsync(node0, "anna", "wonderland");
        using var bob = await UserAsync(node1, "boris", "builder");
        using var carol = await UserAsync(node2, "cora", "singer");

        // The model's HTTP service: python's http.server inside node0, where only node0 reaches it.
        var site = Directory.CreateTempSubdirectory("dtaas-model-");
        await File.WriteAllTextAsync(Path.Combine(site.FullName, "predict.txt"), "churn: 0.12\n");
        using var server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", node0.Node.Netns, "python3", "-m", "http.server", "18080", "--bind", "127.0.0.1"])
        {
            WorkingDirectory = site.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await node0.ApplyServiceAsync("model-svc", "127.0.0.1", 18080);
            var model = (await SendAsync(alice, HttpMethod.Post, node0, "/v1/models", """{"name":"predictor","serviceSelector":{"name":"model-svc","port":8080}}""",
                HttpStatusCode.Created))["id"]!.GetValue<string>();
            await SendAsync(alice, HttpMethod.Post, node0, $"/v1/objects/{model}/grants",
                $$"""{"principal":"boris@{{node1.NodeName}}","capabilities":["DISCOVER","REQUEST"]}""");
            var uri = new Uri($"http://{model}.{node0.NodeName}:{NetnsSilo.GatewayPort}/predict.txt");

            // bob through his own node's gateway, with the token node1 gave him: node0 decides, its Service answers.
            var (status, body) = await Eventually.Until(() => GetAsync(node1, uri, bob.DefaultRequestHeaders.Authorization), r => r.Status != HttpStatusCode.BadGateway,
                TimeSpan.FromSeconds(30), "python's http.server to answer");
            Assert.Equal((HttpStatusCode.OK, "churn: 0.12\n"), (status, body));
            // The owner on the model's own node.
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(node0, uri, alice.DefaultRequestHeaders.Authorization)).Status);
            // No token: 401; a header naming a user counts for nothing.
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node1, uri, null)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node1, uri, null, ("X-Dtaas-User", "anna"))).Status);
            // A token of another node is unknown here; a user without REQUEST is refused at node0.
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(node2, uri, bob.DefaultRequestHeaders.Authorization)).Status);
            var refused = await GetAsync(node2, uri, carol.DefaultRequestHeaders.Authorization);
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Contains($"cora@{node2.NodeName}", refused.Body);
            // Under each member's own name too (what wildcard DNS for *.node1 leads to): node1 finds node0, node0 decides.
            var own = new Uri($"http://{model}.{node1.NodeName}:{NetnsSilo.GatewayPort}/predict.txt");
            Assert.Equal((HttpStatusCode.OK, "churn: 0.12\n"), await GetAsync(node1, own, bob.DefaultRequestHeaders.Authorization));
            // node1 holds no servable of that id itself: without a token, or for a user who may not know of it, there is none.
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(node1, own, null)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(node2, new Uri($"http://{model}.{node2.NodeName}:{NetnsSilo.GatewayPort}/predict.txt"),
                carol.DefaultRequestHeaders.Authorization)).Status);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            site.Delete(recursive: true);
        }
    }

    [NamespaceFact]
    public async Task No_log_line_of_any_node_holds_a_private_key_a_token_or_a_password()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1) = (fixture.Topology[0], fixture.Topology[1]);
        using var alice = await UserAsync(node0, "alma", "secret-apple-pie");
        using var bob = await UserAsync(node1, "bert", "secret-banana-split");
        // A wrong password, a token of another node and a REQUEST across the overlay: each is logged somewhere.
        using var wrong = await alice.PostAsync(new Uri(node0.LocalGatewayUrl, "v1/login"),
            new StringContent("""{"username":"alma","password":"secret-cherry-tart"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var model = (await SendAsync(alice, HttpMethod.Post, node0, "/v1/models", """{"name":"quiet","serviceSelector":{"name":"quiet-svc","port":8080}}""",
            HttpStatusCode.Created))["id"]!.GetValue<string>();
        await SendAsync(alice, HttpMethod.Post, node0, $"/v1/objects/{model}/grants", $$"""{"principal":"bert@{{node1.NodeName}}","capabilities":["REQUEST"]}""");
        var uri = new Uri($"http://{model}.{node0.NodeName}:{NetnsSilo.GatewayPort}/");
        await GetAsync(node1, uri, bob.DefaultRequestHeaders.Authorization);
        await GetAsync(node0, uri, bob.DefaultRequestHeaders.Authorization);

        var secrets = new List<(string What, string Value)>
        {
            ("alma's token", alice.DefaultRequestHeaders.Authorization!.Parameter!),
            ("bert's token", bob.DefaultRequestHeaders.Authorization!.Parameter!),
            ("alma's password", "secret-apple-pie"),
            ("bert's password", "secret-banana-split"),
            ("a wrong password", "secret-cherry-tart"),
            ("the invite token", fixture.Token),
        };
        foreach (var silo in fixture.Topology.Silos)
        {
            var node = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(silo.DataDirectory, "node.json")))!;
            var privateKey = node["privateKey"]!.GetValue<string>();
            secrets.Add(($"{silo.NodeName}'s private key", privateKey));
            secrets.Add(($"{silo.NodeName}'s private key in hex", Convert.ToHexStringLower(Convert.FromBase64String(privateKey))));
            secrets.Add(($"{silo.NodeName}'s client token", (await File.ReadAllTextAsync(Path.Combine(silo.DataDirectory, "client-token"))).Trim()));
            secrets.Add(($"{silo.NodeName}'s API token", (await File.ReadAllTextAsync(Path.Combine(silo.DataDirectory, "apiserver-token"))).Trim()));
        }
        foreach (var silo in fixture.Topology.Silos)
        {
            var log = silo.Output;
            Assert.True(log.Length > 0, $"no log of {silo.NodeName}");
            foreach (var (what, value) in secrets)
            {
                Assert.False(log.Contains(value, StringComparison.OrdinalIgnoreCase), $"{silo.NodeName}'s log holds {what}");
            }
        }
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}
