using System.Net.Sockets;
using System.Net;
using Dtaas.Gateway;
using Dtaas.TestSupport.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Gateway.Tests;

/// <summary>
/// The full two-hop path on loopback: a user's client → node A's public gateway → (overlay) node B's overlay
/// ingress → the Service on B. Node A's outgoing connections come from 127.0.0.2, its "overlay address", which is
/// what B's ingress knows it by; the user's client connects from 127.0.0.1.
/// </summary>
internal sealed class Topology : IAsyncDisposable
{
    public const string AppId = "0123456789abcdef0123456789abcdef";
    public const string RemoteHost = AppId + ".node-a";
    public const string LocalAppId = "fedcba9876543210fedcba9876543210";
    public const string LocalHost = LocalAppId + ".node-a";
    public static readonly IPAddress NodeAOverlay = IPAddress.Parse("127.0.0.2");

    private readonly List<IAsyncDisposable> _owned = [];
    private GatewayClients _clients = null!;

    public FakeDirectory Directory { get; } = new();

    /// <summary>Both nodes' gateway metrics (one process, one instance: the side tag tells them apart).</summary>
    public GatewayMetrics Metrics { get; } = new();
    public TestWebService Backend { get; private set; } = null!;
    public OverlayIngress Overlay { get; private set; } = null!;

    /// <summary>Node B's splice, when the options say <see cref="GatewayOptions.OverlaySplice"/> (else null).</summary>
    public OverlaySplice? Splice { get; private set; }
    public KestrelListener PublicGateway { get; private set; } = null!;

    /// <summary>Node A's public gateway for cleartext HTTP/2 clients (the silo's <c>--gateway-h2c-listen</c>).</summary>
    public KestrelListener PublicH2cGateway { get; private set; } = null!;

    /// <summary>A client that reaches node A's public gateway whatever host the URL names, as DNS would send it there.</summary>
    public HttpClient Client { get; private set; } = null!;
    public HttpMessageInvoker ClientInvoker { get; private set; } = null!;

    public static async Task<Topology> StartAsync(GatewayOptions? options = null, Uri? authenticationUrl = null)
    {
        var topology = new Topology();
        await topology.StartCoreAsync(options ?? new GatewayOptions(), authenticationUrl);
        return topology;
    }

    /// <summary>The app as node B serves it (Service = the backend) for node A.</summary>
    public OriginApp OriginApp(Uri? service = null, Uri? authenticationUrl = null, string? problem = null, string appId = AppId) =>
        new(appId, "default/example-app", problem is null ? service ?? Backend.Address : null, problem, authenticationUrl, "default/example-service");

    public void SetOrigin(OriginApp app) => Directory.Origins[(app.AppId, "node-a")] = app;

    public static Uri Url(string host, string pathAndQuery) => new($"http://{host}{pathAndQuery}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        ClientInvoker.Dispose();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
        _clients.Dispose();
        Metrics.Dispose();
    }

    /// <summary>A loopback port with nothing listening on it.</summary>
    public static Uri DeadAddress()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}/");
    }

    private async Task StartCoreAsync(GatewayOptions options, Uri? authenticationUrl)
    {
        var loggers = NullLoggerFactory.Instance;
        _clients = new GatewayClients(options with { LocalAddress = _ => NodeAOverlay });
        Backend = await TestWebService.StartAsync();
        _owned.Add(Backend);
        Overlay = await OverlayIngress.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.Loopback, 0),
            ip => ip.Equals(NodeAOverlay) ? "node-a" : null, Directory, _clients, Metrics, loggers, CancellationToken.None);
        _owned.Add(Overlay);
        if (options.OverlaySplice)
        {
            Splice = OverlaySplice.Start(new IPEndPoint(IPAddress.Loopback, 0), ip => ip.Equals(NodeAOverlay) ? "node-a" : null, Directory, _clients.Options, loggers);
            _owned.Add(Splice);
        }
        void Gateway(WebApplication app)
        {
            app.UseDtAppIngress(Directory, _clients, Metrics);
            app.MapGet("/healthz", () => "ok\n");
            // What the gateway's own endpoints (/v1, the join endpoint) see of a request's headers.
            app.MapGet("/headers", (HttpRequest request) => string.Join("\n", request.Headers.Keys.Order(StringComparer.OrdinalIgnoreCase)));
            app.MapDtAppFallback();
        }
        PublicGateway = await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http1, loggers, services => services.AddHttpForwarder(), Gateway, CancellationToken.None);
        _owned.Add(PublicGateway);
        PublicH2cGateway = await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http2, loggers, services => services.AddHttpForwarder(), Gateway, CancellationToken.None);
        _owned.Add(PublicH2cGateway);

        Directory.Ingresses["node-b"] = Overlay.Address with { Splice = Splice?.Endpoint };
        Directory.ByHost[RemoteHost] = new RemoteAppTarget(AppId, "node-b", "node-b");
        SetOrigin(OriginApp(authenticationUrl: authenticationUrl));
        Directory.ByHost[LocalHost] = new LocalAppTarget(OriginApp(appId: LocalAppId, authenticationUrl: authenticationUrl));

        var handler = HandlerTo(PublicGateway);
        ClientInvoker = new HttpMessageInvoker(handler);
        Client = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A handler whose connections come from node A's overlay address, as A's gateway connects to B's overlay ingress.</summary>
    public static SocketsHttpHandler FromOverlayAddress() => new()
    {
        UseProxy = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(NodeAOverlay, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    /// <summary>A client of node A's h2c gateway, whatever host the URL names (requests it makes itself are HTTP/2; give others Version 2.0 too).</summary>
    public HttpClient CreateH2cClient() => new(HandlerTo(PublicH2cGateway))
    {
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private static SocketsHttpHandler HandlerTo(KestrelListener listener)
    {
        var gateway = new DnsEndPoint(listener.Address.Host, listener.Address.Port);
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(gateway, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
    }
}
