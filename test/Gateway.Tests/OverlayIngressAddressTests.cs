using System.Net;

namespace Dtaas.Gateway.Tests;

public sealed class OverlayIngressAddressTests
{
    [Fact]
    public void The_standard_ports_are_7481_for_http2_and_7482_for_upgrades()
    {
        var address = OverlayIngressAddress.For(IPAddress.Parse("10.77.0.2"));

        Assert.Equal(new Uri("http://10.77.0.2:7481/"), address.Http2);
        Assert.Equal(new Uri("http://10.77.0.2:7482/"), address.Http1);
    }

    [Fact]
    public void An_ipv6_overlay_address_is_bracketed()
    {
        var address = OverlayIngressAddress.For(IPAddress.Parse("fd00::2"));

        Assert.Equal(new Uri("http://[fd00::2]:7481/"), address.Http2);
    }
}
