using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Dtaas.Client;
using Dtaas.Gateway;
using Dtaas.Silo.Hosting;
using Dtaas.Silo.Replicas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Silo.Tests;

/// <summary>
/// A standby replica's gateway in process: which requests go to the Lease holder (only what needs the overlay), the
/// hop to the holder's replica listener (mutual TLS with the node's silo certificate, the caller's address and scheme
/// carried over), and an outsider who forges the caller header (on the public side it is dropped; at the replica
/// listener nothing without the silo certificate gets in).
/// </summary>
public sealed class StandbyForwardingTests : IAsyncLifetime
{
    private const string NodeName = "node0.example.org";
    // The user's machine: a loopback address of its own, so the holder can tell it from the standby (127.0.0.1).
    private static readonly IPAddress User = IPAddress.Parse("127.0.0.2");
    private static readonly SdkCertificates Certificates = SdkCertificates.Create("node0-id");

    private readonly LeaseHolder _lease = new();
    private KestrelListener? _holder;
    private KestrelListener? _standby;
    private HttpMessageInvoker? _replicas;

    public async Task InitializeAsync()
    {
        _lease.Set("holder");
        var certificate = ReplicaTls.ServerCertificate(Certificates);
        // The holder's replica listener: what its gateway would see, echoed.
        _holder = await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http1AndHttp2, () => certificate,
            NullLoggerFactory.Instance, _ => { }, app =>
            {
                app.UseReplicaCaller();
                app.Run(context => context.Response.WriteAsync(
                    $"holder {context.Request.Protocol} {context.Connection.RemoteIpAddress} {context.Request.Scheme} {context.Request.Host} {context.Request.Path} " +
                    $"[{context.Request.Headers[ReplicaCaller.Header]}]"));
            }, CancellationToken.None, tls => ReplicaTls.RequireReplica(tls, Certificates));
        var holderListener = new IPEndPoint(IPAddress.Loopback, _holder.Address.Port);
        _replicas = new HttpMessageInvoker(ReplicaTls.Handler(Certificates));
        var standby = new HolderReplica("standby", _lease, name => name == "holder" ? holderListener : null);
        _standby = await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http1, NullLoggerFactory.Instance,
            services => services.AddHttpForwarder(), app =>
            {
                app.UseStandbyForwarding(new Directory(), standby, _replicas);
                app.Run(context => context.Response.WriteAsync($"standby [{context.Request.Headers[ReplicaCaller.Header]}]"));
            }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_standby is not null)
        {
            await _standby.DisposeAsync();
        }
        if (_holder is not null)
        {
            await _holder.DisposeAsync();
        }
        _replicas?.Dispose();
    }

    [Theory]
    [InlineData("remote", null, true)]
    [InlineData("theirs", null, true)]
    [InlineData("theirs", "Bearer t", true)]
    [InlineData("unknown", "Bearer t", true)]
    [InlineData("unknown", null, false)]
    [InlineData("unknown", "Basic dTpw", false)]
    [InlineData("mine", "Bearer t", false)]
    [InlineData("local", null, false)]
    [InlineData("nothing", null, false)]
    public void Only_what_goes_over_the_overlay_needs_the_holder(string host, string? authorization, bool needsHolder)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        Assert.Equal(needsHolder, StandbyForwarding.NeedsHolder(new Directory().FindByHost($"{host}.{NodeName}"), context.Request));
    }

    [Fact]
    public async Task A_remote_app_through_the_standby_reaches_the_holder_as_the_users_request()
    {
        var answer = await GetAsStandbyUserAsync("remote", "/index.html?x=1");

        // Over HTTP/2 (the hop multiplexes), as the user at 127.0.0.2 speaking http, Host and path kept; the header consumed.
        Assert.Equal($"holder HTTP/2 {User} http remote.{NodeName}:{_standby!.Address.Port} /index.html []", answer);
    }

    [Fact]
    public async Task An_outsider_naming_another_caller_at_the_standby_is_forwarded_as_itself()
    {
        var answer = await GetAsStandbyUserAsync("remote", "/", (ReplicaCaller.Header, "for=6.6.6.6;proto=https"), ("X-Forwarded-For", "6.6.6.6"));

        Assert.StartsWith($"holder HTTP/2 {User} http ", answer);
        Assert.DoesNotContain("6.6.6.6", answer);
    }

    [Fact]
    public async Task What_the_standby_serves_itself_stays_there_and_loses_a_forged_caller()
    {
        Assert.Equal("standby []", await GetAsStandbyUserAsync("local", "/", (ReplicaCaller.Header, "for=6.6.6.6;proto=https")));
        Assert.Equal("standby []", await GetAsStandbyUserAsync("nothing", "/v1/apps"));
    }

    [Fact]
    public async Task The_holder_serves_everything_itself()
    {
        _lease.Set("standby");
        Assert.Equal("standby []", await GetAsStandbyUserAsync("remote", "/"));
    }

    [Fact]
    public async Task With_no_holder_reachable_the_standby_answers_503_naming_it()
    {
        _lease.Set("gone");
        using var response = await SendAsStandbyUserAsync("remote", "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Lease holder (gone) is not reachable yet", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_replica_listener_takes_only_the_nodes_silo_certificate()
    {
        var listener = new IPEndPoint(IPAddress.Loopback, _holder!.Address.Port);
        var otherNode = SdkCertificates.Create("node1-id");

        Assert.False(await HandshakeAsync(listener, certificate: null));
        Assert.False(await HandshakeAsync(listener, Certificates.Client));
        Assert.False(await HandshakeAsync(listener, Certificates.Server));
        Assert.False(await HandshakeAsync(listener, otherNode.Silo));
        Assert.True(await HandshakeAsync(listener, Certificates.Silo));
        // Plain HTTP gets no answer from a TLS-only listener.
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync($"http://127.0.0.1:{listener.Port}/"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("for=6.6.6.6")]
    [InlineData("for=not-an-address;proto=https")]
    [InlineData("for=6.6.6.6;proto=gopher")]
    public async Task A_replica_request_without_a_well_formed_caller_is_refused(string? caller)
    {
        using var client = new HttpClient(ReplicaTls.Handler(Certificates)) { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{_holder!.Address.Port}/");
        if (caller is not null)
        {
            request.Headers.TryAddWithoutValidation(ReplicaCaller.Header, caller);
        }
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("10.1.2.3", "https")]
    [InlineData("2001:db8::7", "http")]
    public void A_caller_reads_back_as_written(string address, string scheme)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Request.Scheme = scheme;

        Assert.True(ReplicaCaller.TryParse(ReplicaCaller.Format(context), out var parsed, out var parsedScheme));
        Assert.Equal((IPAddress.Parse(address), scheme), (parsed, parsedScheme));
        Assert.False(ReplicaCaller.TryParse($"for={address};proto={scheme}" + new string(' ', 100), out _, out _));
    }

    private async Task<string> GetAsStandbyUserAsync(string app, string path, params (string Name, string Value)[] headers)
    {
        using var response = await SendAsStandbyUserAsync(app, path, headers);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>A request from <see cref="User"/> to the standby's gateway for app host <c>&lt;app&gt;.node0.example.org</c>.</summary>
    private async Task<HttpResponseMessage> SendAsStandbyUserAsync(string app, string path, params (string Name, string Value)[] headers)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(User, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _standby!.Address.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://{app}.{NodeName}:{_standby!.Address.Port}{path}");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request);
    }

    /// <summary>Whether a TLS handshake with <paramref name="certificate"/> (none: null) gets an HTTP answer from the replica listener.</summary>
    private static async Task<bool> HandshakeAsync(IPEndPoint listener, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = certificate is null ? null : [certificate],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{listener.Port}/");
        request.Headers.TryAddWithoutValidation(ReplicaCaller.Header, "for=6.6.6.6;proto=https");
        try
        {
            using var response = await client.SendAsync(request);
            return (await response.Content.ReadAsStringAsync()).Contains("6.6.6.6");
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>node0's apps by host: one of its own, one whose origin is node1, a servable of its own and of node1.</summary>
    private sealed class Directory : IAppDirectory
    {
        public AppTarget? FindByHost(string host) => host.Split('.')[0] switch
        {
            "local" => new LocalAppTarget(new OriginApp("local", "tenant/local", new Uri("http://127.0.0.1:1"), null, null)),
            "remote" => new RemoteAppTarget("remote", "node1-id", "node1.example.org"),
            "mine" => new ServableTarget("mine", null, NodeName),
            "theirs" => new ServableTarget("theirs", "node1-id", "node1.example.org"),
            "unknown" => new ServableTarget("unknown", null, NodeName, Elsewhere: true),
            _ => null,
        };

        public bool Accepts(Guid domainUid, string nodeId) => throw new NotSupportedException();
        public OriginApp? FindOrigin(string appId, string callerNodeId) => throw new NotSupportedException();
        public Task<ServableUser?> UserOfTokenAsync(string token, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ServableAccess> AuthorizeServableAsync(string servableId, ServableUser user, string? callerNodeId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
        public Task<ServableTarget?> LocateServableAsync(string servableId, ServableUser user, CancellationToken cancellationToken) => throw new NotSupportedException();
        public OverlayIngressAddress? OriginIngress(string nodeId) => throw new NotSupportedException();
    }
}
