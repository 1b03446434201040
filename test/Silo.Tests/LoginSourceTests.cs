using System.Net;
using Dtaas.Silo.Api;

namespace Dtaas.Silo.Tests;

/// <summary>What the login throttle counts as one source: an IPv4 address (also when mapped into IPv6), an IPv6 /64.</summary>
public sealed class LoginSourceTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void A_source_is_an_IPv4_address_or_an_IPv6_64(string address, string source) =>
        Assert.Equal(source, LoginSource.Of(IPAddress.Parse(address)));
}
