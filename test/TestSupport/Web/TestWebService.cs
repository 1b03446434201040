using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.TestSupport.Web;

/// <summary>
/// The Service behind a dtApp in tests, and a Custom authentication endpoint: a real Kestrel, on a loopback port or on
/// a socket made elsewhere (inside a node's network namespace). Bodies are <see cref="TestPayload"/>, made on the fly.
/// </summary>
public sealed class TestWebService : IAsyncDisposable
{
    private WebApplication _app = null!;

    /// <summary>Where it listens (for a socket, its local address).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Headers of each request the authentication endpoint got.</summary>
    public ConcurrentQueue<Dictionary<string, string>> AuthRequests { get; } = new();

    /// <summary>Completes when a download's client went away before the end.</summary>
    public TaskCompletionSource DownloadAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Listens on <paramref name="endpoint"/> (default: a free loopback port).</summary>
    public static Task<TestWebService> StartAsync(IPEndPoint? endpoint = null) =>
        StartAsync(kestrel => kestrel.Listen(endpoint ?? new IPEndPoint(IPAddress.Loopback, 0), l => l.Protocols = HttpProtocols.Http1), null);

    /// <summary>
    /// Listens on <paramref name="bound"/>, a bound TCP socket (its network namespace is where it was made), speaking
    /// <paramref name="protocols"/> (HTTP/2 alone: cleartext HTTP/2 by prior knowledge, as a gRPC server).
    /// </summary>
    public static Task<TestWebService> StartAsync(Socket bound, HttpProtocols protocols = HttpProtocols.Http1) =>
        StartAsync(kestrel => kestrel.ListenHandle((ulong)bound.Handle, l => l.Protocols = protocols), (IPEndPoint)bound.LocalEndPoint!);

    private static async Task<TestWebService> StartAsync(Action<KestrelServerOptions> listen, IPEndPoint? known)
    {
        var service = new TestWebService();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddRouting();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            listen(kestrel);
        });
        service._app = builder.Build();
        service.Configure(service._app);
        await service._app.StartAsync();
        service.Address = known is not null
            ? new Uri($"http://{known}/")
            : new Uri(service._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Configure(WebApplication app)
    {
        app.UseWebSockets();
        app.Map("/echo/{**rest}", (HttpContext context) => Results.Json(new Echo(
            context.Request.Method, context.Request.Path.Value!, context.Request.QueryString.Value ?? "", context.Request.Protocol,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase))));
        // gRPC-shaped: the body back, the protocol and TE it came with in headers, the status in trailers.
        app.MapPost("/grpc-echo", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["X-Seen-Protocol"] = context.Request.Protocol;
            context.Response.Headers["X-Seen-TE"] = context.Request.Headers.TE.ToString();
            await context.Response.WriteAsync("re:" + body, context.RequestAborted);
            if (context.Response.SupportsTrailers())
            {
                context.Response.AppendTrailer("grpc-status", "0");
            }
        });
        app.MapPost("/upload", async (HttpContext context) =>
        {
            var (sha, length) = await TestPayload.HashAsync(context.Request.Body, context.RequestAborted);
            return Results.Text($"{sha} {length}");
        });
        app.MapGet("/download", async (HttpContext context, long bytes) =>
        {
            context.Response.ContentType = "application/octet-stream";
            try
            {
                for (long sent = 0; sent < bytes; sent += TestPayload.Block.Length)
                {
                    // Once the connection is gone Kestrel discards writes at once and cancels RequestAborted a moment
                    // later from the thread pool: yield so the loop sees it instead of "sending" the rest into nowhere.
                    await Task.Yield();
                    context.RequestAborted.ThrowIfCancellationRequested();
                    await context.Response.Body.WriteAsync(TestPayload.Block.AsMemory(0, (int)Math.Min(TestPayload.Block.Length, bytes - sent)), context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                DownloadAborted.TrySetResult();
            }
        });
        app.MapGet("/hop-response", (HttpContext context) =>
        {
            context.Response.Headers.Connection = "x-bar";
            context.Response.Headers["X-Bar"] = "this hop only";
            context.Response.Headers["Proxy-Authenticate"] = "Basic";
            context.Response.Headers["X-Kept"] = "yes";
            return "ok";
        });
        app.MapGet("/break", async (HttpContext context) =>
        {
            context.Response.ContentLength = 1_000_000;
            await context.Response.Body.WriteAsync(TestPayload.Block.AsMemory(0, 1000));
            await context.Response.Body.FlushAsync();
            // An abort resets the connection, and a reset discards what the peer has not read yet: give a loaded
            // machine time to read the headers, or the proxy sees no response at all (502) instead of a broken one.
            await Task.Delay(1000);
            context.Abort();
        });
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            return "late";
        });
        app.Map("/ws", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        });
        app.MapGet("/auth", (HttpContext context) =>
        {
            AuthRequests.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            if (context.Request.Headers.Authorization == "Bearer good")
            {
                return Results.Ok();
            }
            if (context.Request.Headers.Authorization == "Bearer other-user")
            {
                return Results.Text("not yours\n", statusCode: 403);
            }
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"test\"";
            return Results.Text("token required\n", statusCode: 401);
        });
        app.MapGet("/auth-broken", () => Results.StatusCode(500));
    }

    public static Echo ReadEcho(string json)
    {
        var echo = JsonSerializer.Deserialize<Echo>(json, JsonSerializerOptions.Web)!;
        // Header names are case-insensitive (and HTTP/2 lowercases them on the overlay hop).
        return echo with { Headers = new Dictionary<string, string>(echo.Headers, StringComparer.OrdinalIgnoreCase) };
    }

    public sealed record Echo(string Method, string Path, string Query, string Protocol, Dictionary<string, string> Headers);
}
