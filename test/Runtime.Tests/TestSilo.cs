using Dtaas.Runtime.Tests.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Runtime.Tests;

/// <summary>A real silo in the test process: the grain runtime behind a Kestrel HTTP/2 listener on a loopback port.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestSilo(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }
    public IServiceProvider Services => _app.Services;
    public IGrainFactory Factory => Services.GetRequiredService<IGrainFactory>();
    public Probe Probe => Services.GetRequiredService<Probe>();
    public Gates Gates => Services.GetRequiredService<Gates>();
    public StaticNodeDirectory Nodes => (StaticNodeDirectory)Services.GetRequiredService<INodeDirectory>();

    public static async Task<TestSilo> StartAsync(string nodeId = "node0", Action<GrainRuntimeOptions>? configure = null, string? bearerToken = null, bool allowRelay = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton<Probe>().AddSingleton<Gates>();
        builder.Services.AddGrainRuntime(runtime => runtime
            .AddGrain<ITurnGrain, TurnGrain>()
            .AddGrain<IReentrantGrain, ReentrantGrain>()
            .AddSerializerContext(TestJsonContext.Default)
            .UseMemoryStorage()
            .Configure(o =>
            {
                o.NodeId = nodeId;
                configure?.Invoke(o);
            }));
        var app = builder.Build();
        if (bearerToken is not null)
        {
            app.UseMiddleware<BearerTokenMiddleware>(bearerToken);
        }
        app.MapGrainCalls(allowRelay);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestSilo(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
