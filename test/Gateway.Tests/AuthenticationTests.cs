using System.Net.Http.Headers;
using System.Net;
using Dtaas.TestSupport.Web;

namespace Dtaas.Gateway.Tests;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private Topology _topology = null!;

    public async Task InitializeAsync()
    {
        _topology = await Topology.StartAsync();
        _topology.SetOrigin(_topology.OriginApp(authenticationUrl: new Uri(_topology.Backend.Address, "/auth")));
    }

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task A_2xx_from_the_endpoint_lets_the_request_through_with_the_clients_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Topology.Url(Topology.RemoteHost, "/echo/x?q=1")) { Content = new StringContent("body") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "good");
        request.Headers.TryAddWithoutValidation("Cookie", "session=abc");
        using var response = await _topology.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", TestWebService.ReadEcho(await response.Content.ReadAsStringAsync()).Method);
        var auth = Assert.Single(_topology.Backend.AuthRequests);
        Assert.Equal("Bearer good", auth["Authorization"]);
        Assert.Equal("session=abc", auth["Cookie"]);
        Assert.Equal("POST", auth["X-Original-Method"]);
        Assert.Equal("/echo/x?q=1", auth["X-Original-URI"]);
        Assert.Equal(Topology.RemoteHost, auth["X-Forwarded-Host"]);
        Assert.Equal("127.0.0.1, 127.0.0.2", auth["X-Forwarded-For"]);
        Assert.False(auth.ContainsKey("Content-Length"));
    }

    [Fact]
    public async Task A_401_goes_back_to_the_client_with_the_challenge()
    {
        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"test\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("token required\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_403_goes_back_to_the_client()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Topology.Url(Topology.RemoteHost, "/echo/"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "other-user");
        using var response = await _topology.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("not yours\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_endpoint_that_is_down_gives_502_and_never_lets_the_request_through()
    {
        var dead = new Uri(Topology.DeadAddress(), "/auth");
        _topology.SetOrigin(_topology.OriginApp(authenticationUrl: dead));
        using var request = new HttpRequestMessage(HttpMethod.Get, Topology.Url(Topology.RemoteHost, "/echo/"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "good");
        using var response = await _topology.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal($"authentication endpoint {dead} is unreachable: Connection refused\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_endpoint_that_fails_gives_502()
    {
        var broken = new Uri(_topology.Backend.Address, "/auth-broken");
        _topology.SetOrigin(_topology.OriginApp(authenticationUrl: broken));

        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal($"authentication endpoint {broken} answered 500 Internal Server Error\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_local_app_is_authenticated_too()
    {
        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.LocalHost, "/echo/"));
        // The topology's local app has no authentication URL; give it one.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        _topology.Directory.ByHost[Topology.LocalHost] = new LocalAppTarget(
            _topology.OriginApp(appId: Topology.LocalAppId, authenticationUrl: new Uri(_topology.Backend.Address, "/auth")));
        using var denied = await _topology.Client.GetAsync(Topology.Url(Topology.LocalHost, "/echo/"));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }
}
