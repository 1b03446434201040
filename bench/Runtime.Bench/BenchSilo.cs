using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Runtime.Bench;

/// <summary>A silo hosting the ping grain behind an HTTP/2 loopback listener.</summary>
public sealed class BenchSilo(KestrelListener listener) : IAsyncDisposable
{
    public Uri Address => listener.Address;
    public IGrainFactory Factory => listener.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchSilo> StartAsync() =>
        new(await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http2, NullLoggerFactory.Instance,
            services => services.AddGrainRuntime(r => r.AddGrain<IPingGrain, PingGrain>().AddSerializerContext(BenchJsonContext.Default)),
            app => app.MapGrainCalls(), CancellationToken.None));

    public ValueTask DisposeAsync() => listener.DisposeAsync();
}
