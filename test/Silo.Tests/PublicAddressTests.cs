using System.Net;
using Dtaas.Silo.Hosting;

namespace Dtaas.Silo.Tests;

public sealed class PublicAddressTests
{
    private static readonly IPEndPoint Gateway = new(IPAddress.Any, 8080);

    [Theory]
    [InlineData("10.77.1.10:9000", "10.77.1.10", 9000)]
    [InlineData("10.77.1.10", "10.77.1.10", 8080)]
    [InlineData("node0.example.org", "node0.example.org", 8080)]
    [InlineData("node0.example.org:443", "node0.example.org", 443)]
    [InlineData("[fd00::1]:9000", "fd00::1", 9000)]
    public void Host_and_gateway_port_come_from_the_option_or_the_gateway(string option, string host, int port) =>
        Assert.Equal((host, port), PublicAddress.Resolve(option, Gateway));

    [Fact]
    public void Without_the_option_it_is_a_non_loopback_address_and_the_gateway_port()
    {
        var (host, port) = PublicAddress.Resolve(null, Gateway);

        Assert.Equal(8080, port);
        Assert.True(IPAddress.TryParse(host, out var address));
        Assert.True(!IPAddress.IsLoopback(address) || host == "127.0.0.1"); // 127.0.0.1 only on a host with no other interface
    }

    [Theory]
    [InlineData("10.0.0.1:0")]
    [InlineData("10.0.0.1:70000")]
    [InlineData("not a host")]
    public void Bad_values_are_refused_naming_the_option(string option)
    {
        var error = Assert.Throws<ArgumentException>(() => PublicAddress.Resolve(option, Gateway));
        Assert.Contains("--public-address", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("udp")]
    public void A_wireguard_port_must_be_a_port(string value) =>
        Assert.Contains("--wireguard-port", Assert.Throws<ArgumentException>(() => PublicAddress.ParsePort("wireguard-port", value)).Message);
}
