using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dtaas.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Gateway.Tests;

/// <summary>
/// gRPC's needs, without a gRPC library: HTTP/2 end to end (client → node A's h2c gateway → overlay → node B → a Service
/// whose port says h2c), <c>te: trailers</c> reaching the Service, messages streaming both ways, and the status in trailers.
/// </summary>
public sealed class Http2Tests : IAsyncLifetime
{
    private Topology _topology = null!;
    private KestrelListener _service = null!;
    private readonly ConcurrentQueue<(string Protocol, string TE)> _seen = new();

    public async Task InitializeAsync()
    {
        _topology = await Topology.StartAsync();
        // A gRPC-shaped service: one "message" back per message received, then grpc-status in trailers.
        _service = await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http2, NullLoggerFactory.Instance, _ => { }, app =>
            app.MapPost("/echo.Echo/Chat", async context =>
            {
                _seen.Enqueue((context.Request.Protocol, context.Request.Headers.TE.ToString()));
                context.Response.ContentType = "application/grpc";
                await context.Response.StartAsync();
                var buffer = new byte[4096];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
                {
                    await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("re:" + Encoding.UTF8.GetString(buffer, 0, read)));
                    await context.Response.Body.FlushAsync();
                }
                context.Response.AppendTrailer("grpc-status", "0");
                context.Response.AppendTrailer("grpc-message", "done");
            }), CancellationToken.None);
        _topology.SetOrigin(_topology.OriginApp(service: new Uri($"http://{_service.Address.Authority}/")) with { ServiceHttp2 = true });
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _topology.DisposeAsync();
    }

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/connect+proto")] // Connect's streaming: full duplex over HTTP/2 that is not gRPC
    [InlineData("application/octet-stream")]
    public async Task A_streaming_call_goes_over_http2_end_to_end_and_its_trailers_come_back(string contentType)
    {
        using var client = _topology.CreateH2cClient();
        var requestBody = new StreamingBody();
        using var request = new HttpRequestMessage(HttpMethod.Post, Topology.Url(Topology.RemoteHost, "/echo.Echo/Chat"))
        {
            Content = requestBody,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TE.ParseAdd("trailers");
        requestBody.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var sending = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        // Full duplex through both proxies: each message's answer arrives while the request is still open.
        await requestBody.WriteAsync("one");
        using var response = await sending;
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var answers = await response.Content.ReadAsStreamAsync();
        Assert.Equal("re:one", await ReadAsync(answers, "re:one".Length));
        await requestBody.WriteAsync("two");
        Assert.Equal("re:two", await ReadAsync(answers, "re:two".Length));
        requestBody.Complete();
        Assert.Equal(0, await answers.ReadAsync(new byte[16]));

        Assert.Equal("0", Assert.Single(response.TrailingHeaders.GetValues("grpc-status")));
        Assert.Equal("done", Assert.Single(response.TrailingHeaders.GetValues("grpc-message")));
        var (protocol, te) = Assert.Single(_seen);
        Assert.Equal("HTTP/2", protocol);
        Assert.Equal("trailers", te);
    }

    [Fact]
    public async Task An_http1_client_still_gets_the_body_of_an_h2c_service()
    {
        using var response = await _topology.Client.PostAsync(Topology.Url(Topology.RemoteHost, "/echo.Echo/Chat"), new StringContent("hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("re:hello", await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", Assert.Single(_seen).Protocol);
    }

    private static async Task<string> ReadAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary>A request body the test writes message by message while the response streams back.</summary>
    private sealed class StreamingBody : HttpContent
    {
        private readonly System.Threading.Channels.Channel<string> _messages = System.Threading.Channels.Channel.CreateUnbounded<string>();

        public ValueTask WriteAsync(string message) => _messages.Writer.WriteAsync(message);

        public void Complete() => _messages.Writer.Complete();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await foreach (var message in _messages.Reader.ReadAllAsync())
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(message));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
