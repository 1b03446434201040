using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Dtaas.Federation.Harness;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>The OpenAPI document at /v1/doc says what the gateway serves, and a user with curl gets what the document says.</summary>
[Collection(FederationCollection.Name)]
public sealed class ApiDocumentTests : IAsyncLifetime
{
    private FederationCluster _cluster = null!;

    private FederationNode Node => _cluster.Creator;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Every_route_under_v1_is_in_the_document_and_nothing_else_is()
    {
        using var anonymous = new ApiClient(Node.GatewayUri);
        var (status, document) = await anonymous.GetAsync("/v1/doc");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("3.0.3", document!["openapi"]!.GetValue<string>());

        var routes = Node.GatewayServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/v1/", StringComparison.Ordinal) && e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(o => o.Key != "parameters").Select(o => $"{o.Key.ToUpperInvariant()} {path.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(45, routes.Count); // doc, login, logout, whoami, users, 6 kinds × 5, two grant routes, eight trust routes
        Assert.Equal(routes, documented);
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.All(document.ToJsonString().Split("#/components/schemas/").Skip(1), reference => Assert.True(schemas.ContainsKey(reference[..reference.IndexOf('"')])));
    }

    [Fact]
    public async Task A_user_with_curl_logs_in_creates_a_model_and_lists_it()
    {
        await Node.CreateUserAsync("alice", "wonderland", default);
        var gateway = Node.GatewayUri.ToString().TrimEnd('/');

        var login = JsonNode.Parse(await CurlAsync("-X", "POST", "-H", "Content-Type: application/json", "-d", """{"username":"alice","password":"wonderland"}""",
            $"{gateway}/v1/login"))!;
        var token = login["access_token"]!.GetValue<string>();
        var created = JsonNode.Parse(await CurlAsync("-X", "POST", "-H", $"Authorization: Bearer {token}", "-d", """{"name":"churn","tags":["churn"]}""",
            $"{gateway}/v1/models"))!;
        var listed = JsonNode.Parse(await CurlAsync("-H", $"Authorization: Bearer {token}", $"{gateway}/v1/models"))!;

        var item = Assert.Single(listed["items"]!.AsArray())!;
        Assert.Equal((created["id"]!.GetValue<string>(), "churn", "node0.example.org"),
            (item["id"]!.GetValue<string>(), item["name"]!.GetValue<string>(), item["node"]!.GetValue<string>()));
        var refused = JsonNode.Parse(await CurlAsync($"{gateway}/v1/models"))!;
        Assert.StartsWith("log in first", refused["error"]!.GetValue<string>());
    }

    /// <summary>curl's body (it fails the test when curl itself fails; HTTP errors are answers).</summary>
    private static async Task<string> CurlAsync(params string[] arguments)
    {
        using var curl = Process.Start(new ProcessStartInfo("curl", ["--silent", "--show-error", "--max-time", "10", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = curl.StandardOutput.ReadToEndAsync();
        var error = await curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl {string.Join(' ', arguments)}: exit {curl.ExitCode}: {error.Trim()}");
        return await output;
    }
}
