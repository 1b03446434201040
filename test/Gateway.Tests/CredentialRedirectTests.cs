using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Gateway.Tests;

/// <summary>
/// The plain listener beyond loopback: a password (<c>/v1/login</c>) or a token (<c>/v1</c> with Authorization) is
/// sent to HTTPS with 308, before anything reads it; loopback callers, token-less /v1 calls and everything else pass.
/// </summary>
public sealed class CredentialRedirectTests
{
    private static readonly IPAddress Outside = IPAddress.Parse("192.0.2.7");

    [Theory]
    [InlineData("POST", "/v1/login", null)]
    [InlineData("GET", "/v1/login", null)]
    [InlineData("GET", "/v1/objects", "Bearer abc")]
    [InlineData("DELETE", "/v1/servables/x", "Bearer abc")]
    [InlineData("GET", "/V1/LOGIN", null)]
    public void A_credential_from_beyond_loopback_is_redirected(string method, string path, string? authorization)
    {
        Assert.True(CredentialRedirect.Applies(Request(method, path, authorization), Outside));
        Assert.True(CredentialRedirect.Applies(Request(method, path, authorization), IPAddress.Parse("2001:db8::7")));
    }

    [Theory]
    [InlineData("/v1/login", null)]
    [InlineData("/v1/objects", "Bearer abc")]
    public void Loopback_keeps_plain_http(string path, string? authorization)
    {
        Assert.False(CredentialRedirect.Applies(Request("POST", path, authorization), IPAddress.Loopback));
        Assert.False(CredentialRedirect.Applies(Request("POST", path, authorization), IPAddress.IPv6Loopback));
        Assert.False(CredentialRedirect.Applies(Request("POST", path, authorization), IPAddress.Loopback.MapToIPv6()));
    }

    [Theory]
    [InlineData("/v1/objects", null)]      // no credential: answered (401) without one crossing the network
    [InlineData("/healthz", "Bearer abc")]
    [InlineData("/v1login", null)]
    [InlineData("/join", null)]             // sealed end to end: stays on HTTP
    public void Other_requests_pass(string path, string? authorization) =>
        Assert.False(CredentialRedirect.Applies(Request("POST", path, authorization), Outside));

    [Theory]
    [InlineData("node0.example.org:8080", "https://node0.example.org:8443/v1/login?x=1")]
    [InlineData("node0.example.org", "https://node0.example.org:8443/v1/login?x=1")]
    [InlineData("192.0.2.1:8080", "https://192.0.2.1:8443/v1/login?x=1")]
    [InlineData("[2001:db8::1]:8080", "https://[2001:db8::1]:8443/v1/login?x=1")]
    public void The_location_is_the_host_the_client_dialled_on_the_tls_port(string host, string location)
    {
        var request = Request("POST", "/v1/login", null);
        request.Host = new HostString(host);
        request.QueryString = new QueryString("?x=1");

        Assert.Equal(location, CredentialRedirect.Location(request, IPAddress.Parse("10.0.0.1"), 8443));
    }

    [Fact]
    public void Without_a_host_header_the_location_is_the_address_the_request_arrived_at()
    {
        var request = Request("GET", "/v1/objects", "Bearer abc");

        Assert.Equal("https://10.0.0.1:8443/v1/objects", CredentialRedirect.Location(request, IPAddress.Parse("10.0.0.1"), 8443));
        Assert.Equal("https://[2001:db8::1]:8443/v1/objects", CredentialRedirect.Location(request, IPAddress.Parse("2001:db8::1"), 8443));
    }

    [Fact]
    public async Task The_redirect_is_308_and_leaves_the_body_unread()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/login";
        context.Request.Host = new HostString("node0.example.org:8080");
        context.Connection.RemoteIpAddress = Outside;
        var body = new MemoryStream("{\"username\":\"alice\",\"password\":\"secret\"}"u8.ToArray());
        context.Request.Body = body;
        var app = new Microsoft.AspNetCore.Builder.ApplicationBuilder(new EmptyServices());
        var reachedNext = false;
        app.UseCredentialRedirect(() => 8443);
        app.Run(_ =>
        {
            reachedNext = true;
            return Task.CompletedTask;
        });

        await app.Build()(context);

        Assert.Equal(StatusCodes.Status308PermanentRedirect, context.Response.StatusCode);
        Assert.Equal("https://node0.example.org:8443/v1/login", context.Response.Headers.Location.ToString());
        Assert.False(reachedNext);
        Assert.Equal(0, body.Position);
    }

    private static HttpRequest Request(string method, string path, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        return context.Request;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
