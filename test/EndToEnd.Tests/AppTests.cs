using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport.Web;
using Dtaas.WireGuard.Netns;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// A dtApp on node0 reached through every member's own gateway (DESIGN.md 2.4): the seed example, large bodies both
/// ways, a WebSocket, Custom authentication, a Service that is down, and the origin's deletion.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class AppTests(AppFixture fixture, PackagedSdk packaged) : IClassFixture<AppFixture>
{
    private const long Large = 100L * 1024 * 1024;

    /// <summary>
    /// Issue 23's console test, with the SDK restored from the packed folder feed (<see cref="PackagedSdk"/>), run in
    /// node0's namespace: it lists every kind, reads the domain and its connected peers with their latency, gets the API's
    /// 422 for a dtDomain join without a token, publishes a
    /// dtApp through its grain, hears node2's dtPeer go <c>connected: false</c> within 10 s of node2's link going down and
    /// back within 10 s of it coming up, and is refused the node's internal calls; the app answers through node1's gateway.
    /// </summary>
    [NamespaceFact]
    public async Task The_packaged_sdk_console_reads_the_domain_hears_a_partition_and_publishes_an_app_another_member_serves()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Origin, fixture.Topology[1], fixture.Topology[2]);
        var dll = await packaged.ConsoleDllAsync();
        var ready = Path.Combine(Path.GetTempPath(), "dtaas-domain-walk-" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        try
        {
            // The console waits up to a minute for each event; the runner's default limit (15 s) is for short commands.
            var walking = new IpCommand(new ProcessRunner(TimeSpan.FromMinutes(3))).ExecAsync(node0.Node.Netns, "dotnet",
                [dll, node0.DataDirectory, "domain", "mydomain", node2.NodeId, ready, "sdk-app", "example-service"], CancellationToken.None);
            await Eventually.Until(() => Task.FromResult(File.Exists(ready) || walking.IsCompleted), done => done, TimeSpan.FromSeconds(60), "the console subscribed");
            Assert.False(walking.IsCompleted, $"the console ended before it subscribed: {(walking.IsCompleted ? walking.Result.ToString() : "")}");

            var down = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await fixture.Topology.SetLinkAsync(node2, "down");
            await Eventually.Until(() => node0.GetAsync("dtpeer", node2.NodeId), peer => peer?.Bool("connected") == false, TimeSpan.FromSeconds(20),
                what: "node0's dtPeer for node2 disconnected");
            var up = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await fixture.Topology.SetLinkAsync(node2, "up");
            var walk = await walking;

            Assert.True(walk.ExitCode == 0, $"{walk}\nsilo:\n{node0.Output}");
            var lines = walk.Stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Equal(["node", "kinds", "domain", "peer", "peer", "domain-refused", "published", "peer-lost", "peer-back", "refused", "refused"],
                lines.Select(l => l.Split(' ')[0]));
            Assert.StartsWith("kinds dtdomains=1 dtpeers=2 dtapps=", lines[1]);
            Assert.StartsWith("domain mydomain Ready peers ", lines[2]);
            Assert.Equal(new[] { node1.NodeId, node2.NodeId }.Order(StringComparer.Ordinal), lines[2].Split(' ')[^1].Split(',').Order(StringComparer.Ordinal));
            foreach (var (peer, line) in new[] { node1, node2 }.Select(p => (p, lines[3..5].Single(l => l.StartsWith($"peer {p.NodeId} ")))))
            {
                Assert.Matches($"^peer {peer.NodeId} {peer.NodeName} connected=True latency=\\S+$", line);
            }
            Assert.StartsWith("domain-refused 422 ", lines[5]);
            Assert.Contains("spec.peer.inviteToken: Required value", lines[5]);
            var uri = new Uri(Assert.Single(System.Text.RegularExpressions.Regex.Matches(lines[6], "^published 201 (\\S+)$")).Groups[1].Value);
            Assert.Equal(node0.NodeName, uri.Host[(uri.Host.IndexOf('.') + 1)..]);
            var lost = long.Parse(lines[7].Split(' ')[^1]) - down;
            var back = long.Parse(lines[8].Split(' ')[^1]) - up;
            Assert.True(lost <= 10_000 && back <= 10_000, $"node2 heard lost {lost} ms after the partition, back {back} ms after the link came up");
            Assert.Contains("refused IDtDomainGrain.Reconcile ", lines[9]);
            Assert.Contains("refused IDtDomainGrain.Standing ", lines[10]);

            // The app published through node0's grain, through another member's own gateway.
            var id = uri.Host[..uri.Host.IndexOf('.')];
            using var client = GatewayHttp.CreateClient(node1);
            var body = await Eventually.Until(async () =>
            {
                using var response = await client.GetAsync(GatewayHttp.AppUrl(node1, id, "/echo/sdk"));
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
            }, answered => answered is not null, TimeSpan.FromSeconds(20), what: $"sdk-app ({id}) through node1's gateway");
            Assert.Equal("/echo/sdk", TestWebService.ReadEcho(body!).Path);
        }
        finally
        {
            await fixture.Topology.SetLinkAsync(node2, "up");
            await node0.KubectlCheckedAsync("delete", "dtapp", "sdk-app", "--ignore-not-found");
            File.Delete(ready);
            Console.WriteLine($"packaged SDK console test: {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    [NamespaceFact]
    public async Task The_seed_example_answers_from_every_node_under_that_nodes_own_uri()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        foreach (var silo in fixture.Topology.Silos)
        {
            var app = (await silo.GetAsync("dtapp", silo == fixture.Origin ? "mydtapp" : fixture.AppId))!.Value;
            Assert.Equal($"https://{fixture.AppId}.{silo.NodeName}", app.String("URI"));
            Assert.Equal("mydomain", app.GetProperty("domainSelector").GetProperty("name")[0].GetString());
            Assert.Equal("None", app.GetProperty("spec").GetProperty("authenticationType").GetString());

            using var client = GatewayHttp.CreateClient(silo);
            using var response = await client.GetAsync(GatewayHttp.AppUrl(silo, fixture.AppId, "/echo/hello?x=1"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{silo.NodeName}: {(int)response.StatusCode} {body}\n{silo.Output}");
            var echo = TestWebService.ReadEcho(body);
            Assert.Equal("/echo/hello", echo.Path);
            Assert.Equal("?x=1", echo.Query);
            Assert.Equal($"{fixture.AppId}.{silo.NodeName}:{NetnsSilo.GatewayPort}", echo.Headers["X-Forwarded-Host"]);
            Assert.StartsWith(silo.Node.Address.ToString(), echo.Headers["X-Forwarded-For"]);
        }
        var replica = (await fixture.Topology[1].GetAsync("dtapp", fixture.AppId))!.Value;
        var labels = replica.GetProperty("metadata").GetProperty("labels");
        Assert.Equal(fixture.Origin.NodeName, labels.GetProperty("sid.sightlineinnovation.com/origin-node").GetString());
        Assert.Equal("mydtapp", labels.GetProperty("sid.sightlineinnovation.com/origin-name").GetString());
    }

    [NamespaceFact]
    public async Task Through_node2s_gateway_the_request_goes_over_node0s_splice_and_names_node2_in_x_forwarded_for()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node2) = (fixture.Origin, fixture.Topology[2]);
        using var client = GatewayHttp.CreateClient(node2);
        using var response = await client.GetAsync(GatewayHttp.AppUrl(node2, fixture.AppId, "/echo/spliced"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");

        var node2Overlay = (await node0.MemberListAsync(FederationFixture.Domain))!.Find(node2.NodeId)!.OverlayAddress;
        Assert.EndsWith($", {node2Overlay}", TestWebService.ReadEcho(body).Headers["X-Forwarded-For"]);
        // node2's pooled connection to node0's splice (OverlaySplice.Port, 7483) is still open; the HTTP ingress is on 7481/7482.
        var sockets = await fixture.Topology.Network.ExecAsync(0, "ss", ["-Htn", "state", "established", "( sport = :7483 )"]);
        Assert.Contains($"{node2Overlay}:", sockets.Stdout);
    }

    [NamespaceFact]
    public async Task A_request_through_node1s_gateway_is_one_trace_with_spans_on_both_nodes()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1) = (fixture.Origin, fixture.Topology[1]);
        await using var collector0 = await StartCollectorAsync(node0);
        await using var collector1 = await StartCollectorAsync(node1);
        // A traced client: its trace goes on through node1's gateway, over the overlay, through node0's, to the Service.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var client = GatewayHttp.CreateClient(node1);
        using var request = new HttpRequestMessage(HttpMethod.Get, GatewayHttp.AppUrl(node1, fixture.AppId, "/echo/traced"));
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        Assert.Contains(traceId, TestWebService.ReadEcho(body).Headers["traceparent"]);

        bool Traced(OtlpReceiver collector, NetnsSilo silo) =>
            collector.Spans.Any(s => s.TraceId == traceId && s.Kind == OtlpSpan.Server && s.ServiceInstance == silo.NodeId);
        await Eventually.Until(() => Task.FromResult(Traced(collector0, node0) && Traced(collector1, node1)), done => done, TimeSpan.FromSeconds(15),
            what: $"server spans of trace {traceId} from node0 and node1");
        // node1's gateway called node0's: a client span on node1 is the parent of node0's server span.
        var clientSpans = collector1.Spans.Where(s => s.TraceId == traceId && s.Kind == OtlpSpan.Client).Select(s => s.SpanId).ToHashSet();
        Assert.Contains(collector0.Spans, s => s.TraceId == traceId && s.Kind == OtlpSpan.Server && clientSpans.Contains(s.ParentSpanId));
    }

    private static async Task<OtlpReceiver> StartCollectorAsync(NetnsSilo silo)
    {
        var socket = await NamespacedSockets.CreateAsync(silo.Node.Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, AppFixture.OtlpPort));
        return await OtlpReceiver.StartAsync(socket);
    }

    [NamespaceFact]
    public async Task Each_node_exports_its_gateway_requests_and_its_peers_for_prometheus()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1) = (fixture.Origin, fixture.Topology[1]);
        using (var client = GatewayHttp.CreateClient(node1))
        {
            using var response = await client.GetAsync(GatewayHttp.AppUrl(node1, fixture.AppId, "/echo/metrics"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var atNode1 = await ScrapeAsync(node1);
        var atNode0 = await ScrapeAsync(node0);

        var domain = ("domain", FederationFixture.Domain);
        var peer0 = new[] { domain, ("peer", node0.NodeId), ("node", node0.NodeName) };
        Assert.True(atNode1.Single("dtaas_gateway_requests_total", ("app", fixture.AppId), ("side", "public"), ("code", "200")) >= 1);
        Assert.True(atNode0.Single("dtaas_gateway_requests_total", ("app", fixture.AppId), ("side", "origin"), ("code", "200")) >= 1);
        Assert.True(atNode1.Single("dtaas_gateway_request_duration_seconds_count", ("app", fixture.AppId), ("side", "public")) >= 1);
        Assert.True(atNode1.Single("dtaas_gateway_request_duration_seconds_bucket", ("app", fixture.AppId), ("side", "public"), ("le", "+Inf")) >= 1);
        Assert.Equal(1, atNode1.Single("dtaas_peer_connected", peer0));
        Assert.InRange(atNode1.Single("dtaas_peer_latency_seconds", peer0), 0, 5);
        Assert.Equal(1, atNode1.Single("dtaas_domain_ready", domain));
        Assert.Equal(fixture.Topology.Silos.Count - 1, atNode1.Single("dtaas_domain_peers", domain));
        // Names and labels are the dashboards' contract: the exporter adds no labels of its own to the series.
        Assert.All(atNode1.LabelSets("dtaas_domain_ready"), labels => Assert.Equal(["domain"], labels.Keys));

        static async Task<PrometheusSamples> ScrapeAsync(NetnsSilo silo)
        {
            using var http = NamespacedHttp.CreateClient(silo.Node.Netns);
            return new PrometheusSamples(await http.GetStringAsync($"http://127.0.0.1:{NetnsSilo.MetricsPort}/metrics"));
        }
    }

    [NamespaceFact]
    public async Task A_100_MB_upload_and_download_through_node1s_gateway_arrive_intact()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var node1 = fixture.Topology[1];
        using var client = GatewayHttp.CreateClient(node1, TimeSpan.FromMinutes(2));

        using var upload = await client.PostAsync(GatewayHttp.AppUrl(node1, fixture.AppId, "/upload"), new GeneratedContent(Large));
        var uploaded = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.IsSuccessStatusCode, uploaded);
        Assert.Equal($"{TestPayload.Sha256Of(Large)} {Large}", uploaded);

        using var download = await client.GetAsync(GatewayHttp.AppUrl(node1, fixture.AppId, $"/download?bytes={Large}"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var (sha, length) = await TestPayload.HashAsync(await download.Content.ReadAsStreamAsync(), CancellationToken.None);
        Assert.Equal(Large, length);
        Assert.Equal(TestPayload.Sha256Of(Large), sha);
    }

    [NamespaceFact]
    public Task A_websocket_echoes_through_node2s_gateway() => WebSocketEchoesThroughNode2Async(NetnsSilo.GatewayPort, HttpVersion.Version11);

    /// <summary>RFC 8441 extended CONNECT on the h2c port, passed on to the origin as an HTTP/1.1 upgrade.</summary>
    [NamespaceFact]
    public Task A_websocket_over_http2_echoes_through_node2s_h2c_port() => WebSocketEchoesThroughNode2Async(NetnsSilo.H2cGatewayPort, HttpVersion.Version20);

    private async Task WebSocketEchoesThroughNode2Async(int port, Version version)
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var node2 = fixture.Topology[2];
        using var invoker = new HttpMessageInvoker(GatewayHttp.CreateHandler(node2.Node.Netns, new IPEndPoint(node2.Node.Address, port)));
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = version;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(new Uri($"ws://{fixture.AppId}.{node2.NodeName}:{port}/ws"), invoker, timeout.Token);

        foreach (var text in new[] { "hello over the overlay", new string('x', 100_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
            var received = new MemoryStream();
            var buffer = new byte[16 * 1024];
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                received.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            Assert.Equal(text, Encoding.UTF8.GetString(received.ToArray()));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [NamespaceFact]
    public async Task Custom_authentication_forwards_an_allowed_request_and_passes_a_refusal_back()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await fixture.Origin.ApplyAppAsync("authapp", "example-service",
            $"authenticationType: Custom\n  authenticationURL: http://{AppFixture.ServiceEndpoint}/auth");
        var id = await fixture.PublishedIdAsync("authapp");
        var node1 = fixture.Topology[1];
        using var client = GatewayHttp.CreateClient(node1);

        using var refused = await client.GetAsync(GatewayHttp.AppUrl(node1, id, "/echo/secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer realm=\"test\"", refused.Headers.WwwAuthenticate.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, GatewayHttp.AppUrl(node1, id, "/echo/secret"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "good");
        using var allowed = await client.SendAsync(request);
        var body = await allowed.Content.ReadAsStringAsync();
        Assert.True(allowed.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("/echo/secret", TestWebService.ReadEcho(body).Path);
    }

    [NamespaceFact]
    public async Task A_service_that_is_down_answers_502_with_the_reason()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await fixture.Origin.ApplyServiceAsync("down-service", AppFixture.ServiceEndpoint.Address.ToString(), 12399);
        await fixture.Origin.ApplyAppAsync("downapp", "down-service", "authenticationType: None");
        var id = await fixture.PublishedIdAsync("downapp");
        var node2 = fixture.Topology[2];
        using var client = GatewayHttp.CreateClient(node2);

        using var response = await client.GetAsync(GatewayHttp.AppUrl(node2, id, "/"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("down-service", body);
    }

    [NamespaceFact]
    public async Task A_grpc_style_call_reaches_an_h2c_service_over_http2_end_to_end_and_its_trailers_come_back()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var grpcEndpoint = new IPEndPoint(AppFixture.ServiceEndpoint.Address, 12346);
        var socket = await NamespacedSockets.CreateAsync(fixture.Origin.Node.Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(grpcEndpoint);
        await using var service = await TestWebService.StartAsync(socket, HttpProtocols.Http2);
        await fixture.Origin.ApplyServiceAsync("grpc-service", grpcEndpoint.Address.ToString(), grpcEndpoint.Port, appProtocol: "kubernetes.io/h2c");
        await fixture.Origin.ApplyAppAsync("grpcapp", "grpc-service", "authenticationType: None");
        var id = await fixture.PublishedIdAsync("grpcapp");
        var node1 = fixture.Topology[1];
        try
        {
            using var client = GatewayHttp.CreateH2cClient(node1);

            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"http://{id}.{node1.NodeName}:{NetnsSilo.H2cGatewayPort}/grpc-echo")
            {
                Content = new StringContent("hello"),
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Headers = { TE = { new TransferCodingWithQualityHeaderValue("trailers") } },
            });

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal("re:hello", body);
            Assert.Equal("HTTP/2", Assert.Single(response.Headers.GetValues("X-Seen-Protocol")));
            Assert.Equal("trailers", Assert.Single(response.Headers.GetValues("X-Seen-TE")));
            Assert.Equal("0", Assert.Single(response.TrailingHeaders.GetValues("grpc-status")));
        }
        finally
        {
            await fixture.Origin.KubectlCheckedAsync("delete", "dtapp", "grpcapp", "--ignore-not-found");
        }
    }

    [NamespaceFact]
    public async Task Deleting_the_origins_app_makes_its_uri_answer_404_on_every_node()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await fixture.Origin.ApplyAppAsync("shortlived", "example-service", "authenticationType: None");
        var id = await fixture.PublishedIdAsync("shortlived");
        using (var client = GatewayHttp.CreateClient(fixture.Topology[1]))
        {
            using var before = await client.GetAsync(GatewayHttp.AppUrl(fixture.Topology[1], id, "/echo/"));
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await fixture.Origin.KubectlCheckedAsync("delete", "dtapp", "shortlived");

        foreach (var silo in fixture.Topology.Silos)
        {
            using var client = GatewayHttp.CreateClient(silo);
            var status = await Eventually.Until(async () =>
            {
                using var response = await client.GetAsync(GatewayHttp.AppUrl(silo, id, "/echo/"));
                return response.StatusCode;
            }, status => status == HttpStatusCode.NotFound, what: $"404 for the deleted app on {silo.NodeName}");
            Assert.Null(await silo.GetAsync("dtapp", id));
        }
    }

    [NamespaceFact]
    public async Task A_replica_deleted_by_a_user_comes_back_and_says_why()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var node2 = fixture.Topology[2];

        // kubectl waits until the object it deleted is gone: DTaaS lets it go before making it anew.
        await node2.KubectlCheckedAsync("delete", "dtapp", fixture.AppId);

        var back = await Eventually.Until(() => node2.GetAsync("dtapp", fixture.AppId), found => found?.String("message") is not null,
            what: $"the restored replica; {node2.NodeName}'s output:\n{node2.Output}");
        Assert.Contains($"dtApp mydtapp on node {fixture.Origin.NodeName} is its origin", back!.Value.String("message"));
        Assert.Equal($"https://{fixture.AppId}.{node2.NodeName}", back.Value.String("URI"));
    }
}
