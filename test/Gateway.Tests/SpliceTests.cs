using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Dtaas.TestSupport;
using Dtaas.TestSupport.Web;

namespace Dtaas.Gateway.Tests;

/// <summary>
/// The overlay hop below HTTP (<see cref="GatewayOptions.OverlaySplice"/>): node A's gateway reaches node B's Service
/// through B's splice, which checks the caller by its source address and the app by the directory, then copies bytes.
/// B's HTTP ingress is out of the way in the tests that prove a request went through the splice.
/// </summary>
public sealed class SpliceTests : IAsyncLifetime
{
    private Topology _topology = null!;

    public async Task InitializeAsync() => _topology = await Topology.StartAsync(new GatewayOptions { OverlaySplice = true });

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task A_request_goes_through_the_splice_and_x_forwarded_for_names_the_client_and_the_member()
    {
        WithoutHttpIngress();
        using var request = new HttpRequestMessage(HttpMethod.Get, Topology.Url(Topology.RemoteHost, "/echo/spliced?x=1"));
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        request.Headers.TryAddWithoutValidation("X-Dtaas-User", "mallory");
        using var response = await _topology.Client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var echo = TestWebService.ReadEcho(body);
        Assert.Equal("/echo/spliced", echo.Path);
        Assert.Equal("HTTP/1.1", echo.Protocol);
        Assert.Equal(Topology.RemoteHost, echo.Headers["Host"]);
        Assert.Equal("127.0.0.1, 127.0.0.2", echo.Headers["X-Forwarded-For"]);
        Assert.DoesNotContain(echo.Headers.Keys, name => name.StartsWith("X-Dtaas-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_large_download_and_a_websocket_go_through_the_splice()
    {
        WithoutHttpIngress();
        const long length = 20_000_000;
        using (var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, $"/download?bytes={length}"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal((TestPayload.Sha256Of(length), length), await TestPayload.HashAsync(await response.Content.ReadAsStreamAsync(), CancellationToken.None));
        }

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{Topology.RemoteHost}/ws"), _topology.ClientInvoker, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task A_service_with_nothing_listening_gives_502_naming_it()
    {
        WithoutHttpIngress();
        var dead = Topology.DeadAddress();
        _topology.SetOrigin(_topology.OriginApp(service: dead));

        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal($"cannot reach Service default/example-service at {dead.Authority}: Connection refused\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_caller_that_is_not_a_member_gets_no_byte_whatever_it_says()
    {
        using var socket = await ConnectAsync(IPAddress.Parse("127.0.0.3"));
        await socket.SendAsync(Encoding.ASCII.GetBytes($"splice {Topology.AppId}\nGET /echo/ HTTP/1.1\r\nHost: {Topology.RemoteHost}\r\n\r\n"));

        Assert.Equal("", await ReadToEndAsync(socket));
    }

    [Fact]
    public async Task A_preamble_without_an_end_is_cut_off_at_its_limit()
    {
        using var socket = await ConnectAsync(Topology.NodeAOverlay);
        var endless = Encoding.ASCII.GetBytes("splice " + new string('a', 4096));
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await socket.SendAsync(endless);
        }
        catch (SocketException)
        {
            // Closed while the bytes still went: refused as well.
        }

        Assert.Equal("", await ReadToEndAsync(socket));
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(4), "cut off at the limit, not at the preamble's timeout");
    }

    [Fact]
    public async Task An_app_not_shared_with_the_member_gets_404_and_a_custom_authenticated_one_is_left_to_the_http_ingress()
    {
        using (var socket = await ConnectAsync(Topology.NodeAOverlay))
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"splice {Topology.LocalAppId}\nGET /echo/ HTTP/1.1\r\nHost: x\r\n\r\n"));
            var answer = await ReadToEndAsync(socket);
            Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", answer);
            Assert.EndsWith($"\r\n\r\nno dtApp {Topology.LocalAppId} here that node node-a may use\n", answer);
        }

        _topology.SetOrigin(_topology.OriginApp(authenticationUrl: new Uri(_topology.Backend.Address, "/auth")));
        Assert.Equal("http\n", await ProbeAsync());
        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode); // the origin's HTTP ingress asked the authentication URL
    }

    [Fact]
    public async Task A_live_splice_is_cut_once_the_app_is_no_longer_shared_with_the_member()
    {
        Assert.Equal("splice\n", await ProbeAsync());
        using var socket = await ConnectAsync(Topology.NodeAOverlay);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"splice {Topology.AppId}\nGET /echo/ HTTP/1.1\r\nHost: {Topology.RemoteHost}\r\n\r\n"));
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer);
        Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(buffer, 0, read));

        _topology.Directory.Origins.Clear();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await ReadToEndAsync(socket, timeout.Token); // the keep-alive connection ends (cut at the next recheck), or this is cancelled
        Assert.Equal("http\n", await ProbeAsync());
    }

    /// <summary>Node B's HTTP ingress unreachable: only the splice can answer.</summary>
    private void WithoutHttpIngress()
    {
        var dead = Topology.DeadAddress();
        _topology.Directory.Ingresses["node-b"] = new OverlayIngressAddress(dead, dead, _topology.Splice!.Endpoint);
    }

    private async Task<Socket> ConnectAsync(IPAddress from)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(_topology.Splice!.Endpoint);
        return socket;
    }

    private async Task<string> ProbeAsync()
    {
        using var socket = await ConnectAsync(Topology.NodeAOverlay);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"probe {Topology.AppId}\n"));
        return await ReadToEndAsync(socket);
    }

    /// <summary>Everything until the other side closes (a reset counts as closed).</summary>
    private static async Task<string> ReadToEndAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }
}
