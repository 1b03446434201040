using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Bench;

/// <summary>
/// Federated listing at scale (issue 13): one domain of <c>size</c> in-process nodes, <c>users</c> users and
/// <c>servables</c> Models spread evenly; a user of node 0 holds a direct grant on 1 % of them, spread over every node.
/// Measured over HTTP on node 0's gateway: <c>GET /v1/models</c> (every member asked, each deciding on its own
/// objects) next to <c>GET /v1/whoami</c> (the same HTTP and token path, no listing) as the baseline; then how long a
/// revocation takes to show in that list: a trust member removed on the trust's home node (node 2, object on node 3).
/// </summary>
public static class ObjectListScenario
{
    private const string Password = "bench-password";

    public static async Task RunAsync(int size, int users, int servables, int samples, FederationSettings settings, ILoggerFactory loggerFactory,
        TextWriter output, CancellationToken cancellationToken)
    {
        await using var cluster = await FederationCluster.StartAsync(size, settings, loggerFactory, cancellationToken);
        var token = await cluster.CreateDomainAsync(cancellationToken);
        await Task.WhenAll(cluster.Joiners.Select(node => cluster.JoinAsync(node, token, cancellationToken)));
        if (!await cluster.WaitUntilAsync(() => cluster.Agree(cluster.Nodes), TimeSpan.FromSeconds(120), cancellationToken))
        {
            throw new TimeoutException("the members did not agree on the list");
        }

        var viewer = $"u1@{cluster.Nodes[0].Description.Name}";
        int perNode = servables / size, usersPerNode = users / size, granted = 0;
        foreach (var (node, index) in cluster.Nodes.Select((node, index) => (node, index)))
        {
            for (int u = 0; u < usersPerNode; u++)
            {
                await node.CreateUserAsync($"u{u}", Password, cancellationToken);
            }
            for (int s = 0; s < perNode; s++)
            {
                // Every 100th servable of the whole domain: 1 %, on every node alike.
                var share = (index * perNode + s) % 100 == 0;
                granted += share ? 1 : 0;
                node.Objects.Create(new DtServable
                {
                    Metadata = new ObjectMeta { Name = $"m{s}", Namespace = FederationNode.Namespace },
                    Id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
                    Status = DtServableStatus.Ready,
                    Spec = new DtServableSpec { Type = DtServableType.Model, Owner = "u0" },
                    Grants = share ? [new DtServableGrant { Principal = viewer, Capabilities = ["DISCOVER", "READ"], GrantedBy = $"u0@{node.Description.Name}" }] : [],
                });
            }
        }

        using var http = await LoginAsync(cluster.Nodes[0].GatewayUri, "u1", cancellationToken);
        var seen = await CountAsync(http, cancellationToken);
        if (seen != granted)
        {
            throw new InvalidOperationException($"the viewer sees {seen} models, {granted} were granted to it");
        }
        var whoami = await TimeAsync(() => http.GetAsync("/v1/whoami", cancellationToken), samples);
        var list = await TimeAsync(() => http.GetAsync("/v1/models", cancellationToken), samples);

        var revocations = await RevocationsAsync(cluster, http, granted, rounds: 5, cancellationToken);
        output.WriteLine($"| request on node 0 | nodes | users | servables | visible | samples | p50 ms | p99 ms | max ms | p50 ratio to whoami |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        output.WriteLine($"| GET /v1/whoami (baseline) | {size} | {usersPerNode * size} | {perNode * size} | | {whoami.Count} | {whoami.P50:N1} | {whoami.Percentile(0.99):N1} | {whoami.Max:N1} | 1× |");
        output.WriteLine($"| GET /v1/models | {size} | {usersPerNode * size} | {perNode * size} | {granted} | {list.Count} | {list.P50:N1} | {list.Percentile(0.99):N1} | {list.Max:N1} | {list.P50 / whoami.P50:N1}× |");
        output.WriteLine($"| trust member removed on node 2 → gone from the list on node 0 | {size} | | | | {revocations.Count} | {revocations.P50:N1} | | {revocations.Max:N1} | |");
    }

    /// <summary>
    /// u0@node3 lets u0@node2 manage one of its models; u0@node2's trust shares it with the viewer, then removes the
    /// viewer: the time from the removal call until the viewer's list on node 0 no longer shows it.
    /// </summary>
    private static async Task<Latencies> RevocationsAsync(FederationCluster cluster, HttpClient viewer, int granted, int rounds, CancellationToken cancellationToken)
    {
        var (home, holder) = (cluster.Nodes[2], cluster.Nodes[3]);
        using var owner = await LoginAsync(holder.GatewayUri, "u0", cancellationToken);
        using var trustee = await LoginAsync(home.GatewayUri, "u0", cancellationToken);
        var model = holder.Objects.Get<DtServable>(FederationNode.Namespace, "m1")!;
        await SendAsync(owner, HttpMethod.Post, $"/v1/objects/{model.Id}/grants",
            $$"""{"principal":"u0@{{home.Description.Name}}","capabilities":["DISCOVER","READ","MANAGE"]}""", cancellationToken);
        var trust = (await SendAsync(trustee, HttpMethod.Post, "/v1/trusts", """{"name":"bench"}""", cancellationToken))["id"]!.GetValue<string>();
        await SendAsync(trustee, HttpMethod.Post, $"/v1/trusts/{trust}/objects",
            $$"""{"id":"{{model.Id}}","node":"{{holder.Description.Name}}","capabilities":["DISCOVER"]}""", cancellationToken);
        var member = $$"""{"principal":"u1@{{cluster.Nodes[0].Description.Name}}"}""";
        var samples = new List<long>();
        for (int round = 0; round < rounds; round++)
        {
            await SendAsync(trustee, HttpMethod.Post, $"/v1/trusts/{trust}/members", member, cancellationToken);
            while (await CountAsync(viewer, cancellationToken) != granted + 1)
            {
                await Task.Delay(10, cancellationToken);
            }
            var started = Stopwatch.GetTimestamp();
            await SendAsync(trustee, HttpMethod.Delete, $"/v1/trusts/{trust}/members/u1@{cluster.Nodes[0].Description.Name}", null, cancellationToken);
            while (await CountAsync(viewer, cancellationToken) != granted)
            {
                await Task.Delay(10, cancellationToken);
            }
            samples.Add(Stopwatch.GetTimestamp() - started);
        }
        return new Latencies(samples);
    }

    private static async Task<Latencies> TimeAsync(Func<Task<HttpResponseMessage>> request, int samples)
    {
        var ticks = new List<long>(samples);
        for (int i = -samples / 10; i < samples; i++) // a tenth to warm up
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await request();
            response.EnsureSuccessStatusCode();
            if (i >= 0)
            {
                ticks.Add(Stopwatch.GetTimestamp() - started);
            }
        }
        return new Latencies(ticks);
    }

    private static async Task<int> CountAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var list = JsonNode.Parse(await http.GetStringAsync("/v1/models", cancellationToken))!;
        if (list["unreachable"]!.AsArray().Count > 0)
        {
            throw new InvalidOperationException($"members did not answer: {list["unreachable"]!.ToJsonString()}");
        }
        return list["items"]!.AsArray().Count;
    }

    private static async Task<HttpClient> LoginAsync(Uri gateway, string username, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = gateway };
        var login = await SendAsync(http, HttpMethod.Post, "/v1/login", $$"""{"username":"{{username}}","password":"{{Password}}"}""", cancellationToken);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["access_token"]!.GetValue<string>());
        return http;
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(body.Length == 0 ? "{}" : body)!
            : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {body}");
    }
}
