using System.Net.Http.Headers;
using System.Net;
using Dtaas.TestSupport.Web;

namespace Dtaas.Gateway.Tests;

public sealed class TwoHopProxyTests : IAsyncLifetime
{
    private Topology _topology = null!;

    public async Task InitializeAsync() => _topology = await Topology.StartAsync();

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task A_request_through_two_hops_gets_the_services_answer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Topology.Url(Topology.RemoteHost, "/echo/a%20b/c?x=1&y=%2F"))
        {
            Content = new StringContent("hello"),
        };
        using var response = await _topology.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = TestWebService.ReadEcho(await response.Content.ReadAsStringAsync());
        Assert.Equal("PUT", echo.Method);
        Assert.Equal("/echo/a b/c", echo.Path);
        Assert.Equal("?x=1&y=%2F", echo.Query);
        // The original Host reaches the Service (apps build their own URLs from it).
        Assert.Equal(Topology.RemoteHost, echo.Headers["Host"]);
        Assert.Equal("5", echo.Headers["Content-Length"]);
    }

    [Fact]
    public async Task Hop_by_hop_headers_do_not_reach_the_service()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Topology.Url(Topology.RemoteHost, "/echo/"));
        request.Headers.TryAddWithoutValidation("Connection", "x-foo");
        request.Headers.TryAddWithoutValidation("X-Foo", "secret of this hop");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic eDp5");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "kept");
        using var response = await _topology.Client.SendAsync(request);

        var echo = TestWebService.ReadEcho(await response.Content.ReadAsStringAsync());
        Assert.False(echo.Headers.ContainsKey("X-Foo"));
        Assert.False(echo.Headers.ContainsKey("Keep-Alive"));
        Assert.False(echo.Headers.ContainsKey("TE"));
        Assert.False(echo.Headers.ContainsKey("Proxy-Authorization"));
        Assert.DoesNotContain("x-foo", echo.Headers.GetValueOrDefault("Connection") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal("kept", echo.Headers["X-End-To-End"]);
    }

    [Fact]
    public async Task Hop_by_hop_headers_of_the_response_do_not_reach_the_client()
    {
        // The Service really sends them (straight to it, no gateway).
        using (var direct = new HttpClient(new SocketsHttpHandler { UseProxy = false }))
        using (var straight = await direct.GetAsync(new Uri(_topology.Backend.Address, "/hop-response")))
        {
            Assert.Contains("x-bar", straight.Headers.Connection);
            Assert.True(straight.Headers.Contains("X-Bar"));
        }

        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/hop-response"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Bar"));
        Assert.False(response.Headers.Contains("Proxy-Authenticate"));
        Assert.DoesNotContain("x-bar", response.Headers.Connection);
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Kept")));
    }

    [Fact]
    public async Task Forwarded_headers_name_the_client_each_hop_and_the_original_host()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Topology.Url(Topology.RemoteHost, "/echo/"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "bank.example");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        using var response = await _topology.Client.SendAsync(request);

        var echo = TestWebService.ReadEcho(await response.Content.ReadAsStringAsync());
        // What A's public gateway saw (the client; what the client claimed is dropped), then what B's ingress saw (A's overlay address).
        Assert.Equal("127.0.0.1, 127.0.0.2", echo.Headers["X-Forwarded-For"]);
        Assert.Equal(Topology.RemoteHost, echo.Headers["X-Forwarded-Host"]);
        Assert.Equal("http", echo.Headers["X-Forwarded-Proto"]);
    }

    [Fact]
    public async Task The_overlay_hop_multiplexes_over_http2_and_the_service_hop_is_http11()
    {
        // Straight to B's overlay ingress as node A (from A's overlay address), the way A's gateway sends.
        using var handler = Topology.FromOverlayAddress();
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_topology.Overlay.Address.Http2, "/echo/"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Host = Topology.RemoteHost;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/1.1", TestWebService.ReadEcho(await response.Content.ReadAsStringAsync()).Protocol);
    }

    [Fact]
    public async Task Response_headers_come_back_and_the_status_passes_through()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Topology.Url(Topology.RemoteHost, "/nothing-here"));
        using var response = await _topology.Client.SendAsync(request);

        // The Service's own 404 (it has no such route), not the gateway's.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());

        using var echo = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }, echo.Content.Headers.ContentType);
    }
}
