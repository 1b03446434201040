using System.Net;

namespace Dtaas.Gateway.Tests;

public sealed class FailureTests : IAsyncLifetime
{
    private Topology _topology = null!;

    public async Task InitializeAsync() => _topology = await Topology.StartAsync(new GatewayOptions { RequestTimeout = TimeSpan.FromSeconds(1) });

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task A_service_with_nothing_listening_gives_502_naming_it()
    {
        var dead = Topology.DeadAddress();
        _topology.SetOrigin(_topology.OriginApp(service: dead));

        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal($"cannot reach Service default/example-service at {dead.Authority}: Connection refused\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_without_endpoints_gives_502_with_the_directorys_reason()
    {
        _topology.SetOrigin(_topology.OriginApp(problem: "Service default/example-service has no endpoints"));

        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Service default/example-service has no endpoints\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_slow_service_gives_504()
    {
        var started = DateTime.UtcNow;
        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/slow"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal($"Service default/example-service at {_topology.Backend.Address.Authority} did not answer within 1 s\n",
            await response.Content.ReadAsStringAsync());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_origin_without_an_overlay_path_gives_502()
    {
        _topology.Directory.Ingresses.Clear();

        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("origin node node-b is not reachable over the overlay\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_origin_ingress_that_is_down_gives_502_naming_the_origin()
    {
        var dead = Topology.DeadAddress();
        _topology.Directory.Ingresses["node-b"] = new OverlayIngressAddress(dead, dead);

        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("cannot reach origin node node-b: Connection refused\n", await response.Content.ReadAsStringAsync());
    }
}
