using System.Net;
using Dtaas.TestSupport.Web;

namespace Dtaas.Gateway.Tests;

public sealed class RoutingTests : IAsyncLifetime
{
    private Topology _topology = null!;

    public async Task InitializeAsync() => _topology = await Topology.StartAsync();

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task An_unknown_host_gets_404_with_the_reason()
    {
        using var response = await _topology.Client.GetAsync(Topology.Url("ffffffffffffffffffffffffffffffff.node-a", "/favicon.ico"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no dtApp at ffffffffffffffffffffffffffffffff.node-a\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_request_not_for_an_app_reaches_the_gateways_own_endpoints()
    {
        using var health = await _topology.Client.GetAsync(Topology.Url("node-a", "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok\n", await health.Content.ReadAsStringAsync());

        // The same path on an app's host is the app's.
        using var app = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/healthz"));
        Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
        Assert.Equal("", await app.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Hosts_match_case_insensitively_and_ignore_the_port()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{Topology.RemoteHost.ToUpperInvariant()}:8080/echo/"));
        using var response = await _topology.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_local_app_goes_straight_to_its_service()
    {
        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.LocalHost, "/echo/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = TestWebService.ReadEcho(await response.Content.ReadAsStringAsync());
        // One hop: only the public gateway added itself.
        Assert.Equal("127.0.0.1", echo.Headers["X-Forwarded-For"]);
        Assert.Equal(Topology.LocalHost, echo.Headers["Host"]);
    }

    [Fact]
    public async Task An_overlay_caller_that_is_not_a_member_gets_403()
    {
        // From 127.0.0.1, which the overlay ingress knows as no member.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_topology.Overlay.Address.Http1, "/echo/"));
        request.Headers.Host = Topology.RemoteHost;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("not a member\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_app_not_shared_with_the_caller_is_404_at_the_origin_and_passes_back_unchanged()
    {
        _topology.Directory.Origins.Clear();

        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"no dtApp {Topology.AppId} here that node node-a may use\n", await response.Content.ReadAsStringAsync());
    }
}
