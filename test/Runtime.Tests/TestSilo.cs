using System.Net;
using Dtaas.Runtime.Tests.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Runtime.Tests;

/// <summary>A real silo in the test process: the grain runtime behind a Kestrel HTTP/2 listener on a loopback port.</summary>
public sealed class TestSilo(KestrelListener listener) : IAsyncDisposable
{
    public Uri Address => listener.Address;
    public IServiceProvider Services => listener.Services;
    public IGrainFactory Factory => Services.GetRequiredService<IGrainFactory>();
    public Probe Probe => Services.GetRequiredService<Probe>();
    public Gates Gates => Services.GetRequiredService<Gates>();
    public StaticNodeDirectory Nodes => (StaticNodeDirectory)Services.GetRequiredService<INodeDirectory>();

    public static async Task<TestSilo> StartAsync(string nodeId = "node0", Action<GrainRuntimeOptions>? configure = null, string? bearerToken = null, bool allowRelay = false,
        Func<Microsoft.AspNetCore.Http.HttpContext, GrainCaller?>? authenticate = null) =>
        new(await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http2, NullLoggerFactory.Instance,
            services => services.AddSingleton<Probe>().AddSingleton<Gates>().AddGrainRuntime(runtime => runtime
                .AddGrain<ITurnGrain, TurnGrain>()
                .AddGrain<IReentrantGrain, ReentrantGrain>()
                .AddSerializerContext(TestJsonContext.Default)
                .UseMemoryStorage()
                .Configure(o =>
                {
                    o.NodeId = nodeId;
                    configure?.Invoke(o);
                })),
            app =>
            {
                if (bearerToken is not null)
                {
                    app.UseMiddleware<BearerTokenMiddleware>(bearerToken);
                }
                app.MapGrainCalls(allowRelay, authenticate);
            }, CancellationToken.None));

    public ValueTask DisposeAsync() => listener.DisposeAsync();
}
