using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Tests.Objects;

public sealed class ObjectKeyTests
{
    [Fact]
    public void A_grain_key_parses_into_namespace_and_name_and_formats_back()
    {
        var key = ObjectKey.Parse("default/mydomain");

        Assert.Equal(new ObjectKey("default", "mydomain"), key);
        Assert.Equal("default/mydomain", key.ToString());
        Assert.Equal("default/node1", key.Sibling("node1").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("default")]
    [InlineData("/mydomain")]
    [InlineData("default/")]
    [InlineData("default/a/b")]
    public void A_key_that_is_not_namespace_slash_name_is_refused_with_the_key_in_the_message(string bad)
    {
        var e = Assert.Throws<FormatException>(() => ObjectKey.Parse(bad));
        Assert.Contains($"'{bad}' is not an object key", e.Message);
    }

    [Theory]
    [InlineData("node0.example:51820", "node0.example", 51820, "node0.example:51820")]
    [InlineData("10.0.0.1:1", "10.0.0.1", 1, "10.0.0.1:1")]
    [InlineData("[fd00::1]:65535", "fd00::1", 65535, "[fd00::1]:65535")]
    public void Host_and_port_parse_and_format_with_IPv6_in_brackets(string text, string host, int port, string formatted)
    {
        Assert.True(HostAndPort.TryParse(text, out var endpoint));
        Assert.Equal(new HostAndPort(host, port), endpoint);
        Assert.Equal(formatted, endpoint.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("no-port")]
    [InlineData(":51820")]
    [InlineData("[]:51820")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:+80")]
    [InlineData("host:")]
    public void Text_that_is_not_host_colon_port_is_refused(string? text)
    {
        Assert.False(HostAndPort.TryParse(text, out _));
        Assert.Equal(0, HostAndPort.PortOf(text));
    }
}
