using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dtaas.ApiServer.Protobuf;
using MetaV1 = Dtaas.ApiServer.Protobuf.MetaV1;
using Runtime = Dtaas.ApiServer.Protobuf.Runtime;
using CoreV1 = Dtaas.ApiServer.Protobuf.CoreV1;
using Dtaas.TestSupport;

namespace Dtaas.ApiServer.Tests;

/// <summary>Kubernetes protobuf over HTTP: content negotiation, request bodies, Status errors, watch framing.</summary>
public sealed class ProtobufHttpTests : IAsyncLifetime
{
    private const string Secrets = "/api/v1/namespaces/node0/secrets";
    private const string ProtobufFirst = "application/vnd.kubernetes.protobuf,application/json";
    private static readonly string Golden = Path.Combine(RepositoryRoot.Path, "test", "ApiServer.Tests", "ProtobufGolden");
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
    public async Task A_protobuf_create_is_stored_and_answered_in_the_encoding_the_client_names_first()
    {
        var created = await SendAsync(HttpMethod.Post, Secrets, Secret("pb-1"), ProtobufFirst);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(KubernetesProtobuf.MediaType, created.Content.Headers.ContentType?.MediaType);
        var answer = KubernetesProtobuf.Decode(await created.Content.ReadAsByteArrayAsync(), "", "");
        Assert.Equal("pb-1", (string?)answer["metadata"]!["name"]);
        Assert.Matches(@"^\d+$", (string?)answer["metadata"]!["resourceVersion"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string?)answer["metadata"]!["creationTimestamp"]);

        // The same object read as JSON: stored with the literal base64-encoded, as a JSON create would store it.
        var json = await SendAsync(HttpMethod.Get, $"{Secrets}/pb-1", null, "application/json");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        Assert.Equal("czNjcjN0", (string?)body["data"]!["password"]);
        Assert.Equal("Opaque", (string?)body["type"]);

        // A list, asked in protobuf, is a SecretList.
        var list = await SendAsync(HttpMethod.Get, Secrets, null, ProtobufFirst);
        var decoded = KubernetesProtobuf.Decode(await list.Content.ReadAsByteArrayAsync(), "", "");
        Assert.Equal("SecretList", (string?)decoded["kind"]);
        Assert.Contains(decoded["items"]!.AsArray(), i => (string?)i!["metadata"]!["name"] == "pb-1");
    }

    [Fact]
    public async Task A_protobuf_update_replaces_the_object()
    {
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, Secrets, Secret("pb-2"), null)).StatusCode);
        var current = JsonNode.Parse(await (await SendAsync(HttpMethod.Get, $"{Secrets}/pb-2", null, null)).Content.ReadAsStringAsync())!.AsObject();
        current["data"] = new JsonObject { ["password"] = "bmV3" };
        var updated = await SendAsync(HttpMethod.Put, $"{Secrets}/pb-2", KubernetesProtobuf.Encode(current), "application/json");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("bmV3", (string?)JsonNode.Parse(await updated.Content.ReadAsStringAsync())!["data"]!["password"]);
    }

    [Fact]
    public async Task Protobuf_DeleteOptions_preconditions_are_checked()
    {
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, Secrets, Secret("pb-3"), null)).StatusCode);
        // The golden DeleteOptions names another resourceVersion and uid: the delete is refused and the Secret stays.
        var options = await File.ReadAllBytesAsync(Path.Combine(Golden, "DeleteOptions.pb"));
        var refused = await SendAsync(HttpMethod.Delete, $"{Secrets}/pb-3", options, "application/json");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("the ResourceVersion in the precondition (42) does not match", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"{Secrets}/pb-3", null, null)).StatusCode);
    }

    [Theory]
    [InlineData("", "empty body")]
    [InlineData("{\"kind\":\"Secret\"}", "expected prefix")]
    [InlineData("k8s\0\u000a\u00ff", "runtime.Unknown")]
    public async Task A_malformed_protobuf_body_is_400_with_a_Status_naming_the_problem(string body, string expected)
    {
        var response = await SendAsync(HttpMethod.Post, Secrets, Encoding.Latin1.GetBytes(body), "application/json");
        await AssertBadRequestAsync(response, expected);
    }

    [Fact]
    public async Task A_truncated_object_or_a_kind_not_served_in_protobuf_is_400()
    {
        var golden = await File.ReadAllBytesAsync(Path.Combine(Golden, "Secret.pb"));
        var envelope = Runtime.Unknown.Parser.ParseFrom(golden.AsSpan(4));
        envelope.Raw = Google.Protobuf.ByteString.CopyFrom(envelope.Raw.Span[..^3]);
        await AssertBadRequestAsync(await SendAsync(HttpMethod.Post, Secrets, Envelope(envelope), "application/json"), "the Secret in the envelope is not valid protobuf");

        envelope.TypeMeta = new Runtime.TypeMeta { ApiVersion = "apps/v1", Kind = "Deployment" };
        await AssertBadRequestAsync(await SendAsync(HttpMethod.Post, Secrets, Envelope(envelope), "application/json"), "no kind \"Deployment\" is registered for version \"apps/v1\"");

        // A creationTimestamp past the year 9999: no RFC 3339 time holds it.
        var secret = new CoreV1.Secret { Metadata = new MetaV1.ObjectMeta { Name = "late", CreationTimestamp = new MetaV1.Time { Seconds = long.MaxValue, Nanos = 0 } } };
        envelope = new Runtime.Unknown { TypeMeta = new Runtime.TypeMeta { ApiVersion = "v1", Kind = "Secret" }, Raw = Google.Protobuf.MessageExtensions.ToByteString(secret) };
        await AssertBadRequestAsync(await SendAsync(HttpMethod.Post, Secrets, Envelope(envelope), "application/json"), "Time 9223372036854775807s 0ns is out of range");

        // A ConfigMap sent to the secrets endpoint decodes and is then refused as JSON's kind mismatch is.
        var configMap = await File.ReadAllBytesAsync(Path.Combine(Golden, "ConfigMap.pb"));
        await AssertBadRequestAsync(await SendAsync(HttpMethod.Post, Secrets, configMap, "application/json"), "does not match");
    }

    [Fact]
    public async Task A_protobuf_body_for_a_custom_resource_is_415_as_in_Kubernetes()
    {
        var response = await SendAsync(HttpMethod.Post, "/apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains", Secret("x"), "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("application/json, application/yaml", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Errors_go_to_a_protobuf_client_as_a_protobuf_Status()
    {
        var response = await SendAsync(HttpMethod.Get, $"{Secrets}/missing", null, ProtobufFirst);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(KubernetesProtobuf.MediaType, response.Content.Headers.ContentType?.MediaType);
        var status = KubernetesProtobuf.Decode(await response.Content.ReadAsByteArrayAsync(), "", "");
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal(404, (int?)status["code"]);
        Assert.Equal("NotFound", (string?)status["reason"]);
        Assert.Equal("secrets \"missing\" not found", (string?)status["message"]);
    }

    [Fact]
    public async Task A_protobuf_watch_streams_length_prefixed_WatchEvents()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Secrets}?watch=true&allowWatchBookmarks=true");
        request.Headers.Accept.ParseAdd(ProtobufFirst);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/vnd.kubernetes.protobuf;stream=watch", response.Content.Headers.ContentType?.ToString().Replace(" ", ""));
        await using var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, Secrets, Secret("watched"), null)).StatusCode);

        while (true)
        {
            var (type, obj) = await ReadFrameAsync(stream);
            if (type == "BOOKMARK")
            {
                Assert.Equal("Secret", (string?)obj["kind"]);
                continue;
            }
            Assert.Equal("ADDED", type);
            Assert.Equal("watched", (string?)obj["metadata"]!["name"]);
            Assert.Equal("czNjcjN0", (string?)obj["data"]!["password"]);
            break;
        }
    }

    [Fact]
    public async Task Table_and_JSON_first_requests_stay_JSON()
    {
        var table = await SendAsync(HttpMethod.Get, Secrets, null, "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        Assert.Equal("application/json", table.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Table", (string?)JsonNode.Parse(await table.Content.ReadAsStringAsync())!["kind"]);
        var json = await SendAsync(HttpMethod.Get, Secrets, null, "application/json, application/vnd.kubernetes.protobuf");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<(string Type, JsonObject Object)> ReadFrameAsync(Stream stream)
    {
        var length = new byte[4];
        await stream.ReadExactlyAsync(length).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var frame = new byte[BinaryPrimitives.ReadInt32BigEndian(length)];
        await stream.ReadExactlyAsync(frame).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var watchEvent = MetaV1.WatchEvent.Parser.ParseFrom(frame);
        return (watchEvent.Type, KubernetesProtobuf.Decode(watchEvent.Object.Raw.Span, "", ""));
    }

    private static byte[] Secret(string name) => KubernetesProtobuf.Encode(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["data"] = new JsonObject { ["password"] = "czNjcjN0" },
    });

    private static byte[] Envelope(Runtime.Unknown unknown) => [.. "k8s\0"u8.ToArray(), .. Google.Protobuf.MessageExtensions.ToByteArray(unknown)];

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var status = JsonNode.Parse(text)!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Contains(expected, (string?)status["message"]);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? protobuf, string? accept)
    {
        using var request = new HttpRequestMessage(method, path);
        if (protobuf is not null)
        {
            request.Content = new ByteArrayContent(protobuf);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(KubernetesProtobuf.MediaType);
        }
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        return await _http.SendAsync(request);
    }
}
