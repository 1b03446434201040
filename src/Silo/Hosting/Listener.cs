using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// One of the silo's HTTP listeners (client endpoint, gateway, ...): its own Kestrel and pipeline, so each listener's
/// authentication stays with it; the grain runtime they reach is shared.
/// </summary>
internal sealed class Listener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Listener(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound address (the real port when the option said 0).</summary>
    public Uri Address { get; }

    public static async Task<Listener> StartAsync(IPEndPoint endpoint, HttpProtocols protocols, ILoggerFactory loggerFactory,
        Action<IServiceCollection> services, Action<WebApplication> pipeline, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen => listen.Protocols = protocols));
        services(builder.Services);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Listener(app, new Uri(bound.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "[::1]") + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
