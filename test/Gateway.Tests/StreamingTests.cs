using System.Net.WebSockets;
using System.Net;
using System.Text;
using Dtaas.TestSupport.Web;

namespace Dtaas.Gateway.Tests;

[Collection(AloneCollection.Name)]
public sealed class StreamingTests : IAsyncLifetime
{
    private const long Size = 64L * 1024 * 1024;
    private Topology _topology = null!;

    public async Task InitializeAsync() => _topology = await Topology.StartAsync();

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task A_64_MB_upload_arrives_intact()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Topology.Url(Topology.RemoteHost, "/upload")) { Content = new GeneratedContent(Size) };
        using var response = await _topology.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"{TestPayload.Sha256Of(Size)} {Size}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_64_MB_download_arrives_intact_and_streams()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Topology.Url(Topology.RemoteHost, $"/download?bytes={Size}"));
        using var response = await _topology.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var (sha, length) = await TestPayload.HashAsync(body, CancellationToken.None);
        Assert.Equal(Size, length);
        Assert.Equal(TestPayload.Sha256Of(Size), sha);
    }

    [Fact]
    public async Task Transfers_do_not_sit_in_the_gateways_memory()
    {
        // Both directions at once; the gateways share this process, so a buffered body would show in the managed heap.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                // Live memory only: garbage between collections (other test classes run in this process too) made the
                // uncollected heap swing by tens of MB, from allocations no transfer holds on to.
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - before);
                await Task.Delay(20);
            }
        });
        using var upload = new HttpRequestMessage(HttpMethod.Post, Topology.Url(Topology.RemoteHost, "/upload")) { Content = new GeneratedContent(Size) };
        var uploaded = _topology.Client.SendAsync(upload);
        using var download = await _topology.Client.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, Topology.Url(Topology.RemoteHost, $"/download?bytes={Size}")), HttpCompletionOption.ResponseHeadersRead);
        var (_, length) = await TestPayload.HashAsync(await download.Content.ReadAsStreamAsync(), CancellationToken.None);
        using var uploadResponse = await uploaded;
        await done.CancelAsync();
        await sampler;

        Assert.Equal(Size, length);
        Assert.Equal(HttpStatusCode.OK, uploadResponse.StatusCode);
        // A buffered body alone would be 64 MB; HTTP/2 flow-control windows hold a few MB at most.
        Assert.True(peak < Size / 4, $"the managed heap grew by {peak / (1024 * 1024)} MB during two 64 MB transfers");
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_download_releases_the_service()
    {
        using (var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/download?bytes=10000000000"), HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            await body.ReadExactlyAsync(new byte[1024 * 1024]);
        }

        // Both hops pass the abort on: the Service's write fails instead of streaming 10 GB into nowhere.
        // A bound for a busy machine (the whole suite runs at once), not a measurement.
        await _topology.Backend.DownloadAborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var next = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/echo/"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_service_that_breaks_off_mid_response_breaks_the_clients_response_too()
    {
        using var response = await _topology.Client.GetAsync(Topology.Url(Topology.RemoteHost, "/break"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();

        // Not a short body that looks complete.
        await Assert.ThrowsAnyAsync<Exception>(() => TestPayload.HashAsync(body, CancellationToken.None));
    }

    [Fact]
    public async Task A_WebSocket_echoes_through_two_hops()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{Topology.RemoteHost}/ws"), _topology.ClientInvoker, CancellationToken.None);

        foreach (var text in new[] { "hello", new string('x', 100_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal(text, await ReceiveTextAsync(socket));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task A_WebSocket_over_http2_echoes_through_two_hops()
    {
        // RFC 8441 extended CONNECT on the h2c port; node A passes it on as an HTTP/1.1 upgrade to node B's upgrades port.
        using var client = _topology.CreateH2cClient();
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"ws://{Topology.RemoteHost}/ws"), client, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, socket.HttpStatusCode); // an HTTP/2 WebSocket is accepted with 200, not 101
        foreach (var text in new[] { "hello", new string('x', 100_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal(text, await ReceiveTextAsync(socket));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
