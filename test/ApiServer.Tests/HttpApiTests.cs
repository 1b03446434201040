using Dtaas.TestSupport;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Dtaas.ApiServer.Tests;

/// <summary>API semantics checked over HTTP, without kubectl: conflicts, generateName, watches, Status bodies.</summary>
public sealed class HttpApiTests : IAsyncLifetime
{
    private const string Domains = "/apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains";
    private TestServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _http = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Create_sets_metadata_and_generateName_and_duplicates_are_409()
    {
        var created = await SendAsync(HttpMethod.Post, Domains, """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtDomain","metadata":{"generateName":"gen-"}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var meta = created.Body!["metadata"]!;
        Assert.Matches("^gen-[a-z0-9]{5}$", (string)meta["name"]!);
        Assert.Equal(1, (long)meta["generation"]!);
        Assert.NotNull(meta["uid"]);
        Assert.NotNull(meta["creationTimestamp"]);

        var again = await SendAsync(HttpMethod.Post, Domains, new JsonObject { ["metadata"] = new JsonObject { ["name"] = (string)meta["name"]! } }.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("AlreadyExists", (string)again.Body!["reason"]!);

        var missingNs = await SendAsync(HttpMethod.Post, Domains.Replace("node0", "nowhere"), """{"metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.NotFound, missingNs.Status);
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_409_and_resourceVersion_is_global()
    {
        var created = (await SendAsync(HttpMethod.Post, Domains, """{"metadata":{"name":"upd"}}""")).Body!;
        var rv = long.Parse((string)created["metadata"]!["resourceVersion"]!);
        created["status"] = "Ready";
        var updated = await SendAsync(HttpMethod.Put, Domains + "/upd", created.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.True(long.Parse((string)updated.Body!["metadata"]!["resourceVersion"]!) > rv);
        Assert.Equal(2, (long)updated.Body!["metadata"]!["generation"]!);

        created["status"] = "Failed";
        var stale = await SendAsync(HttpMethod.Put, Domains + "/upd", created.ToJsonString());
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("the object has been modified", (string)stale.Body!["message"]!);

        var missing = await SendAsync(HttpMethod.Get, Domains + "/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("dtdomains.sid.sightlineinnovation.com \"nope\" not found", (string)missing.Body!["message"]!);
    }

    [Fact]
    public async Task Watch_resumes_from_a_resourceVersion_sends_bookmarks_and_filters_by_label()
    {
        var first = (await SendAsync(HttpMethod.Post, Domains, """{"metadata":{"name":"w1","labels":{"team":"a"}}}""")).Body!;
        var from = (string)first["metadata"]!["resourceVersion"]!;
        await SendAsync(HttpMethod.Post, Domains, """{"metadata":{"name":"w2","labels":{"team":"b"}}}""");
        await SendAsync(HttpMethod.Patch, Domains + "/w1", """{"status":"Ready"}""", "application/merge-patch+json");
        // w2 moves into the selection: that watcher must see it as ADDED.
        await SendAsync(HttpMethod.Patch, Domains + "/w2", """{"metadata":{"labels":{"team":"a"}}}""", "application/merge-patch+json");

        var response = await _http.GetAsync($"{Domains}?watch=true&resourceVersion={from}&allowWatchBookmarks=true&labelSelector=team%3Da&timeoutSeconds=1");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var events = lines.Where(l => (string)l["type"]! != "BOOKMARK").Select(l => $"{(string)l["type"]!} {(string)l["object"]!["metadata"]!["name"]!}").ToList();
        Assert.Equal(["MODIFIED w1", "ADDED w2"], events);
        Assert.Contains(lines, l => (string)l["type"]! == "BOOKMARK");
    }

    [Fact]
    public async Task List_filters_by_label_selector_and_renders_tables()
    {
        await SendAsync(HttpMethod.Post, Domains, """{"metadata":{"name":"l1","labels":{"env":"prod"}},"status":"Ready","peers":["p1","p2"]}""");
        await SendAsync(HttpMethod.Post, Domains, """{"metadata":{"name":"l2","labels":{"env":"dev"}}}""");
        var list = await SendAsync(HttpMethod.Get, Domains + "?labelSelector=env+notin+(dev)");
        Assert.Equal("dtDomainList", (string)list.Body!["kind"]!);
        Assert.Equal(["l1"], list.Body!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));

        using var request = new HttpRequestMessage(HttpMethod.Get, Domains + "?labelSelector=env%3Dprod");
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        var table = JsonNode.Parse(await (await _http.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal("Table", (string)table["kind"]!);
        Assert.Equal(["Name", "Status", "Peers", "Joined-Via", "Message", "Age"], table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("l1", (string)cells[0]!);
        Assert.Equal("Ready", (string)cells[1]!);
        Assert.Equal("p1,p2", (string)cells[2]!);
    }

    [Fact]
    public async Task Requests_without_the_token_are_401_with_a_Status()
    {
        using var anonymous = _server.CreateHttpClient("not-the-token");
        var response = await anonymous.GetAsync(Domains);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string)status["kind"]!);
        Assert.Equal(401, (int)status["code"]!);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/version")).StatusCode);
    }

    [Fact]
    public async Task The_federated_object_kinds_are_served_and_a_servable_of_no_known_type_is_422_naming_the_field()
    {
        var discovery = await SendAsync(HttpMethod.Get, "/apis/sid.sightlineinnovation.com/v1");
        var served = discovery.Body!["resources"]!.AsArray().Select(r => (string)r!["name"]!).ToList();
        Assert.Contains("dtusers", served);
        Assert.Contains("dtservables", served);
        Assert.Contains("dttrusts", served);

        const string servables = "/apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtservables";
        var model = await SendAsync(HttpMethod.Post, servables, """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtServable","metadata":{"name":"churn-model"},"spec":{"type":"Model","owner":"alice"}}""");
        Assert.Equal(HttpStatusCode.Created, model.Status);

        var bad = await SendAsync(HttpMethod.Post, servables, """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtServable","metadata":{"name":"notebook"},"spec":{"type":"Notebook","owner":"alice"}}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.Equal("Status", (string)bad.Body!["kind"]!);
        Assert.Equal("Invalid", (string)bad.Body["reason"]!);
        Assert.Contains("spec.type: Unsupported value: \"Notebook\"", (string)bad.Body["message"]!);
        var cause = bad.Body["details"]!["causes"]!.AsArray().Single()!;
        Assert.Equal("spec.type", (string)cause["field"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, servables + "/notebook")).Status);
    }

    [Theory]
    [InlineData("configmaps", """{"data":{"a/b":"x"}}""", "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters")]
    [InlineData("configmaps", """{"data":{"..hidden":"x"}}""", "data[..hidden]: Invalid value: \"..hidden\": must not start with '..'")]
    [InlineData("configmaps", """{"data":{"k":"x"},"binaryData":{"k":"eA=="}}""", "data[k]: Invalid value: \"k\": duplicate of key present in binaryData")]
    [InlineData("configmaps", """{"binaryData":{"k":"not base64!"}}""", "binaryData[k]: Invalid value")]
    [InlineData("secrets", """{"data":{"a b":"eA=="}}""", "data[a b]: Invalid value: \"a b\": a valid config key")]
    [InlineData("secrets", """{"data":{"k":"not base64!"}}""", "data[k]: Invalid value: \"<value omitted>\": must be a base64-encoded string")]
    public async Task ConfigMap_and_Secret_keys_and_values_are_validated_as_Kubernetes_does(string plural, string fields, string expected)
    {
        var body = JsonNode.Parse(fields)!.AsObject();
        body["metadata"] = new JsonObject { ["name"] = "invalid" };
        var response = await SendAsync(HttpMethod.Post, $"/api/v1/namespaces/node0/{plural}", body.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Contains(expected, (string)response.Body!["message"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/v1/namespaces/node0/{plural}/invalid")).Status);
    }

    [Fact]
    public async Task ConfigMap_and_Secret_data_is_at_most_one_MiB_in_all()
    {
        var half = new string('x', 512 * 1024);
        string Map(string name, JsonObject data, JsonObject? binary = null) =>
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = data, ["binaryData"] = binary }.ToJsonString();
        var fits = Map("big", new JsonObject { ["a"] = half, ["b"] = half });
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/v1/namespaces/node0/configmaps", fits)).Status);
        var over = Map("too-big", new JsonObject { ["a"] = half }, new JsonObject { ["b"] = Convert.ToBase64String(new byte[512 * 1024 + 1]) });
        var refused = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/node0/configmaps", over);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("data: Too long: must have at most 1048576 bytes", (string)refused.Body!["message"]!);

        var secret = Map("too-big", new JsonObject { ["a"] = Convert.ToBase64String(new byte[1024 * 1024 + 1]) });
        var secretRefused = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/node0/secrets", secret);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, secretRefused.Status);
        Assert.Contains("data: Too long: must have at most 1048576 bytes", (string)secretRefused.Body!["message"]!);
    }

    [Fact]
    public async Task An_immutable_ConfigMap_keeps_its_data_and_a_Secret_keeps_its_type()
    {
        const string maps = "/api/v1/namespaces/node0/configmaps";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, maps, """{"metadata":{"name":"frozen"},"data":{"a":"b"},"immutable":true}""")).Status);
        var changed = await SendAsync(HttpMethod.Patch, $"{maps}/frozen", """{"data":{"a":"c"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.Status);
        Assert.Contains("data: Forbidden: field is immutable when `immutable` is set", (string)changed.Body!["message"]!);
        var thawed = await SendAsync(HttpMethod.Patch, $"{maps}/frozen", """{"immutable":false}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, thawed.Status);
        var labelled = await SendAsync(HttpMethod.Patch, $"{maps}/frozen", """{"metadata":{"labels":{"x":"y"}}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, labelled.Status);

        const string secrets = "/api/v1/namespaces/node0/secrets";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, secrets, """{"metadata":{"name":"typed"},"type":"Opaque"}""")).Status);
        var retyped = await SendAsync(HttpMethod.Patch, $"{secrets}/typed", """{"type":"kubernetes.io/tls"}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retyped.Status);
        Assert.Contains("type: Invalid value: \"kubernetes.io/tls\": field is immutable", (string)retyped.Body!["message"]!);
    }

    [Fact]
    public async Task Discovery_puts_the_dt_kinds_and_services_in_all_and_the_dt_kinds_in_dtaas()
    {
        var core = (await SendAsync(HttpMethod.Get, "/api/v1")).Body!["resources"]!.AsArray();
        string[] Categories(JsonArray resources, string name) =>
            resources.Single(r => (string)r!["name"]! == name)!["categories"]?.AsArray().Select(c => (string)c!).ToArray() ?? [];
        Assert.Equal(["all"], Categories(core, "services"));
        Assert.Empty(Categories(core, "secrets"));
        Assert.Empty(Categories(core, "configmaps"));
        var dt = (await SendAsync(HttpMethod.Get, "/apis/sid.sightlineinnovation.com/v1")).Body!["resources"]!.AsArray();
        foreach (var name in new[] { "dtapps", "dtdomains", "dtpeers", "dtservables", "dtservices", "dttrusts", "dtusers" })
        {
            Assert.Equal(["all", "dtaas"], Categories(dt, name));
        }
        Assert.Equal(["dtaas"], Categories(dt, "dtsilos"));
        var reviews = (await SendAsync(HttpMethod.Get, "/apis/authorization.k8s.io/v1")).Body!["resources"]!.AsArray();
        Assert.Equal(["create"], reviews.Single(r => (string)r!["name"]! == "selfsubjectaccessreviews")!["verbs"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task Kubeconfig_names_the_server_token_and_namespace()
    {
        var text = await File.ReadAllTextAsync(_server.Server.KubeconfigPath);
        Assert.Contains($"server: https://127.0.0.1:{_server.Server.BaseAddress.Port}", text);
        Assert.Contains($"token: {_server.Server.Token}", text);
        Assert.Contains("namespace: node0", text);
        Assert.Contains("certificate-authority-data: ", text);
        Assert.NotEqual(0, _server.Server.BaseAddress.Port);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
