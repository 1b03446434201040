using System.Net;
using System.Text.Json.Nodes;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Kubernetes.Tests.Access;

public sealed class KubernetesClientTests
{
    private const string Domain = """
        {"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtDomain",
         "metadata":{"name":"mydomain","namespace":"node0","resourceVersion":"7","uid":"u1","selfLink":"/x","managedFields":[{"manager":"kubectl"}]},
         "spec":{"peer":{"address":"1.2.3.4","inviteToken":"abc","note":"user's own"}},
         "status":"Joining","userField":{"kept":true}}
        """;

    [Fact]
    public async Task Get_reads_the_typed_object_from_the_kinds_path_with_the_bearer_token()
    {
        await using var server = await FakeApiServer.StartAsync((context, _) => FakeApiServer.WriteJsonAsync(context, 200, Domain));
        using var client = server.CreateClient();

        var domain = await client.GetAsync<DtDomain>("mydomain", "node0");

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET /apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains/mydomain", $"{request.Method} {request.PathAndQuery}");
        Assert.Equal("Bearer test-token", request.Authorization);
        Assert.Equal("1.2.3.4", domain.Spec!.Peer!.Address);
        Assert.Equal(DtDomainStatus.Joining, domain.Status);
        Assert.Equal("7", domain.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Update_writes_back_every_field_it_does_not_model()
    {
        await using var server = await FakeApiServer.StartAsync((context, request) =>
            FakeApiServer.WriteJsonAsync(context, 200, request.Method == "GET" ? Domain : request.Body));
        using var client = server.CreateClient();

        var domain = await client.GetAsync<DtDomain>("mydomain", "node0");
        await client.UpdateAsync(domain with { Status = DtDomainStatus.Ready, Peers = ["ca777327efb4498ab8c8876a6488701e"] });

        var put = server.Requests.Last();
        Assert.Equal("PUT /apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains/mydomain", $"{put.Method} {put.PathAndQuery}");
        var body = JsonNode.Parse(put.Body)!;
        Assert.Equal("Ready", (string?)body["status"]);
        Assert.Equal("ca777327efb4498ab8c8876a6488701e", (string?)body["peers"]![0]);
        Assert.True((bool)body["userField"]!["kept"]!);
        Assert.Equal("user's own", (string?)body["spec"]!["peer"]!["note"]);
        Assert.Equal("kubectl", (string?)body["metadata"]!["managedFields"]![0]!["manager"]);
        Assert.Equal("7", (string?)body["metadata"]!["resourceVersion"]);
        Assert.Null(body["message"]);
    }

    [Fact]
    public async Task List_passes_selectors_and_resource_version_and_lists_across_namespaces_without_one()
    {
        await using var server = await FakeApiServer.StartAsync((context, request) => FakeApiServer.WriteJsonAsync(context, 200, $$"""
            {"metadata":{"resourceVersion":"42"},"items":[{{(request.PathAndQuery.Contains("dtdomains", StringComparison.Ordinal) ? Domain : "")}}]}
            """));
        using var client = server.CreateClient();

        var list = await client.ListAsync<DtDomain>("node0", new ListOptions { LabelSelector = "app in (a,b),tier!=db", FieldSelector = "metadata.name=mydomain", ResourceVersion = "0", Limit = 10 });
        await client.ListAsync<V1Service>(null);
        await client.ListAsync<V1Namespace>(null);

        Assert.Equal("42", list.Metadata.ResourceVersion);
        Assert.Equal("mydomain", Assert.Single(list.Items).Metadata.Name);
        Assert.Equal(
            [
                "/apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains?fieldSelector=metadata.name%3Dmydomain&labelSelector=app%20in%20%28a%2Cb%29%2Ctier%21%3Ddb&limit=10&resourceVersion=0",
                "/api/v1/services",
                "/api/v1/namespaces",
            ],
            server.Requests.Select(r => r.PathAndQuery));
        Assert.Throws<ArgumentException>(() => { _ = client.ListAsync<V1Namespace>("node0"); });
    }

    [Fact]
    public async Task Errors_carry_the_servers_Status_message_reason_and_causes()
    {
        await using var server = await FakeApiServer.StartAsync((context, _) => FakeApiServer.WriteJsonAsync(context, 422, """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"dtDomain.sid.sightlineinnovation.com \"bad\" is invalid: spec.peer.address: Required value",
             "reason":"Invalid","code":422,
             "details":{"name":"bad","group":"sid.sightlineinnovation.com","kind":"dtDomain","causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.peer.address"}]}}
            """));
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() =>
            client.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = "bad", Namespace = "node0" }, Spec = new DtDomainSpec { Peer = new DtDomainPeer() } }));

        Assert.Equal("dtDomain.sid.sightlineinnovation.com \"bad\" is invalid: spec.peer.address: Required value", error.Message);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("spec.peer.address", Assert.Single(error.Status!.Details!.Causes!).Field);
        var post = Assert.Single(server.Requests);
        Assert.Equal("POST /apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains", $"{post.Method} {post.PathAndQuery}");
        Assert.Equal("sid.sightlineinnovation.com/v1", (string?)JsonNode.Parse(post.Body)!["apiVersion"]);
        Assert.Equal("dtDomain", (string?)JsonNode.Parse(post.Body)!["kind"]);
    }

    [Fact]
    public async Task An_error_that_is_not_a_Status_keeps_its_body_as_the_message()
    {
        await using var server = await FakeApiServer.StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = 502;
            await context.Response.WriteAsync("upstream connect error", context.RequestAborted);
        });
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync<V1Secret>("s", "node0"));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("502 Bad Gateway: upstream connect error", error.Message);
        Assert.Null(error.Status);
    }

    [Fact]
    public async Task Not_found_has_its_own_exception_and_TryGet_returns_null()
    {
        await using var server = await FakeApiServer.StartAsync((context, _) => FakeApiServer.WriteJsonAsync(context, 404,
            """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"dtpeers.sid.sightlineinnovation.com \"x\" not found","reason":"NotFound","code":404}"""));
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => client.GetAsync<DtPeer>("x", "node0"));
        Assert.Equal("dtpeers.sid.sightlineinnovation.com \"x\" not found", error.Message);
        Assert.Null(await client.TryGetAsync<DtPeer>("x", "node0"));
    }

    [Fact]
    public async Task A_stale_update_throws_a_conflict_and_UpdateWithRetry_reapplies_the_change_to_the_fresh_object()
    {
        var version = 1;
        var conflictsLeft = 2;
        await using var server = await FakeApiServer.StartAsync((context, request) =>
        {
            if (request.Method == "GET")
            {
                // Another writer keeps changing the object: each read sees a newer version and another peer.
                version++;
                return FakeApiServer.WriteJsonAsync(context, 200, $$"""
                    {"metadata":{"name":"d","namespace":"n","resourceVersion":"{{version}}"},"peers":["p{{version}}"]}
                    """);
            }

            return conflictsLeft-- > 0
                ? FakeApiServer.WriteJsonAsync(context, 409, """{"kind":"Status","status":"Failure","reason":"Conflict","code":409,"message":"Operation cannot be fulfilled on dtdomains.sid.sightlineinnovation.com \"d\": the object has been modified; please apply your changes to the latest version and try again"}""")
                : FakeApiServer.WriteJsonAsync(context, 200, request.Body);
        });
        using var client = server.CreateClient();

        var stale = new DtDomain { Metadata = new ObjectMeta { Name = "d", Namespace = "n", ResourceVersion = "1" } };
        var conflict = await Assert.ThrowsAsync<KubernetesConflictException>(() => client.UpdateAsync(stale));
        Assert.Contains("the object has been modified", conflict.Message);
        Assert.False(conflict.IsAlreadyExists);

        conflictsLeft = 2;
        var updated = await client.UpdateWithRetryAsync<DtDomain>("d", "n", d => d with { Peers = [.. d.Peers!, "new"], Status = DtDomainStatus.Ready });

        Assert.Equal(["p4", "new"], updated.Peers);
        var puts = server.Requests.Where(r => r.Method == "PUT").Skip(1).Select(r => (string?)JsonNode.Parse(r.Body)!["metadata"]!["resourceVersion"]);
        Assert.Equal(["2", "3", "4"], puts);
    }

    [Fact]
    public async Task UpdateWithRetry_gives_up_after_its_attempts_and_writes_nothing_when_there_is_nothing_to_change()
    {
        await using var server = await FakeApiServer.StartAsync((context, request) => request.Method == "GET"
            ? FakeApiServer.WriteJsonAsync(context, 200, """{"metadata":{"name":"d","namespace":"n","resourceVersion":"1"},"status":"Ready"}""")
            : FakeApiServer.WriteJsonAsync(context, 409, """{"kind":"Status","reason":"Conflict","code":409,"message":"modified"}"""));
        using var client = server.CreateClient();

        await Assert.ThrowsAsync<KubernetesConflictException>(() => client.UpdateWithRetryAsync<DtDomain>("d", "n", d => d with { Message = "x" }));
        Assert.Equal(KubernetesClientExtensions.MaxUpdateAttempts, server.Requests.Count(r => r.Method == "PUT"));

        var before = server.Requests.Count;
        await client.UpdateWithRetryAsync<DtDomain>("d", "n", d => d with { Status = DtDomainStatus.Ready });
        await client.UpdateWithRetryAsync<DtDomain>("d", "n", _ => null);
        Assert.Equal(2, server.Requests.Count - before);
        Assert.DoesNotContain(server.Requests.Skip(before), r => r.Method == "PUT");
    }

    [Fact]
    public async Task Patch_sends_merge_and_json_patches_with_their_content_types()
    {
        await using var server = await FakeApiServer.StartAsync((context, _) => FakeApiServer.WriteJsonAsync(context, 200, Domain));
        using var client = server.CreateClient();

        await client.PatchAsync<DtDomain>("mydomain", "node0", KubernetesPatch.Merge(new JsonObject { ["status"] = "Ready", ["message"] = null }));
        await client.PatchAsync<DtDomain>("mydomain", "node0", KubernetesPatch.Json([new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = "7" }]));

        var (merge, json) = (server.Requests.First(), server.Requests.Last());
        Assert.Equal("PATCH", merge.Method);
        Assert.Equal("application/merge-patch+json; charset=utf-8", merge.ContentType);
        Assert.Equal("""{"status":"Ready","message":null}""", merge.Body);
        Assert.Equal("application/json-patch+json; charset=utf-8", json.ContentType);
        Assert.Equal("""[{"op":"test","path":"/metadata/resourceVersion","value":"7"}]""", json.Body);
    }

    [Fact]
    public async Task Delete_sends_propagation_and_preconditions()
    {
        await using var server = await FakeApiServer.StartAsync((context, _) => FakeApiServer.WriteJsonAsync(context, 200, """{"kind":"Status","apiVersion":"v1","status":"Success"}"""));
        using var client = server.CreateClient();

        await client.DeleteAsync<DtPeer>("p", "node0", new V1DeleteOptions { PropagationPolicy = "Foreground", Preconditions = new V1Preconditions { ResourceVersion = "9" } });
        await client.DeleteAsync<DtPeer>("q", "node0");

        var (first, second) = (server.Requests.First(), server.Requests.Last());
        Assert.Equal("DELETE /apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtpeers/p", $"{first.Method} {first.PathAndQuery}");
        var options = JsonNode.Parse(first.Body)!;
        Assert.Equal("DeleteOptions", (string?)options["kind"]);
        Assert.Equal("Foreground", (string?)options["propagationPolicy"]);
        Assert.Equal("9", (string?)options["preconditions"]!["resourceVersion"]);
        Assert.Equal("", second.Body);
    }

    [Fact]
    public async Task A_request_without_an_answer_times_out_with_a_clear_message()
    {
        await using var server = await FakeApiServer.StartAsync(async (context, _) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var client = server.CreateClient(requestTimeout: TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync<V1Lease>("l", "n"));
        Assert.Contains("GET /apis/coordination.k8s.io/v1/namespaces/n/leases/l", error.Message);
    }
}
