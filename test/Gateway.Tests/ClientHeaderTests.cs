using System.Net;
using Dtaas.TestSupport.Web;

namespace Dtaas.Gateway.Tests;

/// <summary>
/// What a client says about itself at the public gateway counts for nothing: X-Dtaas-* and X-Forwarded-* it sends are
/// dropped on every path (a remote or local dtApp, the h2c listener, the gateway's own endpoints), and the origin decides
/// dtApp or servable from what it serves, not from an X-Dtaas-User a member's request carries.
/// </summary>
public sealed class ClientHeaderTests : IAsyncLifetime
{
    private static readonly (string Name, string Value)[] Forged =
    [
        ("X-Dtaas-User", "alice"), ("X-Dtaas-User-Id", "0123456789abcdef0123456789abcdef"), ("x-dtaas-principal", "alice@node0.example.org"),
        ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Host", "bank.example"), ("X-Forwarded-Proto", "https"),
    ];

    private Topology _topology = null!;

    public async Task InitializeAsync() => _topology = await Topology.StartAsync();

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Theory]
    [InlineData(Topology.RemoteHost, false, "127.0.0.1, 127.0.0.2")]
    [InlineData(Topology.LocalHost, false, "127.0.0.1")]
    [InlineData(Topology.RemoteHost, true, "127.0.0.1, 127.0.0.2")]
    [InlineData(Topology.LocalHost, true, "127.0.0.1")]
    public async Task A_forged_header_does_not_reach_the_app_and_forwarded_headers_are_the_gateways(string host, bool h2c, string forwardedFor)
    {
        using var h2cClient = _topology.CreateH2cClient();
        var client = h2c ? h2cClient : _topology.Client;
        using var request = Forge(new HttpRequestMessage(HttpMethod.Get, Topology.Url(host, "/echo/")) { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy });

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the app's answer, not a servable's refusal
        var echo = TestWebService.ReadEcho(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(echo.Headers.Keys, name => name.StartsWith("X-Dtaas-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal((forwardedFor, host, "http"), (echo.Headers["X-Forwarded-For"], echo.Headers["X-Forwarded-Host"], echo.Headers["X-Forwarded-Proto"]));
    }

    [Fact]
    public async Task The_gateways_own_endpoints_do_not_see_forged_headers()
    {
        using var request = Forge(new HttpRequestMessage(HttpMethod.Get, Topology.Url("node-a", "/headers")));

        using var response = await _topology.Client.SendAsync(request);

        var names = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("Host", names);
        Assert.DoesNotContain(names, name => name.StartsWith("X-Dtaas-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_members_dtApp_request_naming_a_user_is_served_as_the_dtApp()
    {
        // Straight to B's overlay ingress as node A, with the header a member's gateway sends for servables only.
        using var client = new HttpClient(Topology.FromOverlayAddress());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_topology.Overlay.Address.Http2, "/echo/"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Host = Topology.RemoteHost;
        request.Headers.TryAddWithoutValidation("X-Dtaas-User", "alice");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = TestWebService.ReadEcho(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(echo.Headers.Keys, name => name.StartsWith("X-Dtaas-", StringComparison.OrdinalIgnoreCase));
    }

    private static HttpRequestMessage Forge(HttpRequestMessage request)
    {
        foreach (var (name, value) in Forged)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }
}
