using System.Net;
using System.Net.Security;
using Dtaas.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Gateway;

/// <summary>
/// One HTTP listener with its own Kestrel, services and pipeline (a silo's client endpoint, gateway, grain-call
/// endpoint), so each listener's authentication stays with it while the grain runtime behind them is shared.
/// </summary>
public sealed class KestrelListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelListener(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound address (the real port when the option said 0).</summary>
    public Uri Address { get; }

    /// <summary>The listener's own services (what <paramref name="services"/> added).</summary>
    public IServiceProvider Services => _app.Services;

    public static Task<KestrelListener> StartAsync(IPEndPoint endpoint, HttpProtocols protocols, ILoggerFactory loggerFactory,
        Action<IServiceCollection> services, Action<WebApplication> pipeline, CancellationToken cancellationToken) =>
        StartAsync(endpoint, protocols, tlsCertificate: null, loggerFactory, services, pipeline, cancellationToken);

    /// <summary>
    /// With <paramref name="tlsCertificate"/>, the listener speaks TLS only, asking it for the certificate at each
    /// handshake (so a renewed one is served at once) and offering HTTP/2 and HTTP/1.1 by ALPN; <paramref name="tlsOptions"/>
    /// may add to each handshake's options (asking for a client certificate, say).
    /// </summary>
    public static async Task<KestrelListener> StartAsync(IPEndPoint endpoint, HttpProtocols protocols, Func<SslStreamCertificateContext>? tlsCertificate,
        ILoggerFactory loggerFactory, Action<IServiceCollection> services, Action<WebApplication> pipeline, CancellationToken cancellationToken,
        Action<SslServerAuthenticationOptions>? tlsOptions = null)
    {
        // Empty: no configuration files (each would cost an inotify watch, and a silo has a listener per domain),
        // no logging providers of its own; the silo's logger factory is the only one.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRouting();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = protocols;
            if (tlsCertificate is not null)
            {
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ =>
                    {
                        var options = new SslServerAuthenticationOptions
                        {
                            ServerCertificateContext = tlsCertificate(),
                            ApplicationProtocols = protocols.HasFlag(HttpProtocols.Http2) ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11],
                        };
                        tlsOptions?.Invoke(options);
                        return ValueTask.FromResult(options);
                    },
                });
            }
        }));
        services(builder.Services);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync(cancellationToken);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelListener(app, new Uri(bound.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "[::1]") + "/"));
    }

    /// <summary>
    /// Stops taking connections and lets requests in flight finish until <paramref name="cancellationToken"/> is
    /// cancelled, then cuts them.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Past the grace time: Kestrel has aborted what still ran.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
