using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dtaas.Kubernetes.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Kubernetes.Tests.Access;

/// <summary>A real HTTP server on 127.0.0.1:0 whose every request goes to the test's handler, and is recorded.</summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeApiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<FakeApiServer> StartAsync(Func<HttpContext, RecordedRequest, Task> handler, Action<HttpsConnectionAdapterOptions>? https = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = https is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
            if (https is not null)
            {
                listen.UseHttps(https);
            }
        }));
        var app = builder.Build();
        FakeApiServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var recorded = new RecordedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString(),
                context.Request.ContentType,
                await reader.ReadToEndAsync(context.RequestAborted),
                context.Request.Protocol,
                context.Connection.ClientCertificate?.Subject);
            server!.Requests.Enqueue(recorded);
            await handler(context, recorded);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new FakeApiServer(app, new Uri(address.Replace("http://", https is null ? "http://" : "https://", StringComparison.Ordinal)));
        return server;
    }

    /// <summary>A client for this server with a bearer token and a short request timeout.</summary>
    public KubernetesApiClient CreateClient(TimeSpan? requestTimeout = null) => KubernetesApiClient.Create(
        new k8s.KubernetesClientConfiguration { Host = BaseAddress.ToString(), AccessToken = "test-token" },
        requestTimeout ?? TimeSpan.FromSeconds(10));

    public static Task WriteJsonAsync(HttpContext context, int statusCode, string json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
