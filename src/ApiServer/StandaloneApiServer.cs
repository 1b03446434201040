using System.Net;
using System.Security.Cryptography.X509Certificates;
using Dtaas.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>
/// A Kubernetes-compatible API server for a node without a cluster, so plain kubectl works
/// against it (DESIGN.md 2.2). It runs its own Kestrel app and can live inside another host.
/// </summary>
public sealed class StandaloneApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly AuditLog? _audit;
    private readonly ILogger _logger;

    private StandaloneApiServer(WebApplication app, ObjectStore store, AuditLog? audit, Uri baseAddress, string kubeconfigPath, string token, X509Certificate2 certificate, ILogger logger)
    {
        _app = app;
        _store = store;
        _audit = audit;
        BaseAddress = baseAddress;
        KubeconfigPath = kubeconfigPath;
        Token = token;
        Certificate = certificate;
        _logger = logger;
    }

    /// <summary>The address actually bound, e.g. https://127.0.0.1:7443.</summary>
    public Uri BaseAddress { get; }

    /// <summary>&lt;data-dir&gt;/kubeconfig, pointing at <see cref="BaseAddress"/> with the token and CA.</summary>
    public string KubeconfigPath { get; }

    /// <summary>The bearer token; generated once and kept in the data directory.</summary>
    public string Token { get; }

    /// <summary>The self-signed serving certificate, for in-process clients to trust.</summary>
    public X509Certificate2 Certificate { get; }

    public static async Task<StandaloneApiServer> StartAsync(StandaloneApiServerOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<StandaloneApiServer>();
        var endpoint = ParseListen(options.Listen);
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        PrivateFiles.Secure(dataDirectory);

        var certificate = SelfSignedCertificate.LoadOrCreate(dataDirectory, endpoint.Address, logger);
        var token = ApiToken.LoadOrCreate(dataDirectory, logger);
        var registry = ResourceRegistry.CreateDefault();
        var store = await ObjectStore.OpenAsync(Path.Combine(dataDirectory, "apiserver.db"), loggerFactory.CreateLogger<ObjectStore>(), cancellationToken);
        WebApplication? app = null;
        var audit = options.AuditLogPath is { Length: > 0 } auditPath ? new AuditLog(auditPath) : null;
        try
        {
            var time = TimeProvider.System;
            var operations = new ResourceOperations(store, registry, time, loggerFactory.CreateLogger<ResourceOperations>());
            await operations.EnsureNamespaceAsync("default", cancellationToken);
            await operations.EnsureNamespaceAsync(options.Namespace, cancellationToken);

            var tables = new TableConverter(time);
            var router = new ApiRouter(
                registry,
                new BearerTokenAuthentication(token),
                new DiscoveryEndpoints(registry),
                new OpenApiEndpoints(registry),
                new ResourceEndpoints(store, operations, tables,
                    new WatchEndpoint(store, tables, options.BookmarkInterval, loggerFactory.CreateLogger<WatchEndpoint>()),
                    loggerFactory.CreateLogger<ResourceEndpoints>()),
                new ReviewEndpoints(),
                audit,
                loggerFactory.CreateLogger<ApiRouter>());

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(StandaloneApiServer).Assembly.GetName().Name,
                ContentRootPath = dataDirectory,
                Args = [],
            });
            // Log through the host's factory; do not let this embedded app own the console or the process lifetime.
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
            builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
                kestrel.Listen(endpoint, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificate);
                });
            });
            app = builder.Build();
            app.Run(router.HandleAsync);
            await app.StartAsync(cancellationToken);

            var bound = BoundAddress(app, endpoint);
            var kubeconfig = KubeconfigWriter.Write(dataDirectory, bound, SelfSignedCertificate.ToPem(certificate), token, options.Namespace);
            logger.LogInformation("Standalone Kubernetes API listening on {Address}; kubeconfig {Kubeconfig}", bound, kubeconfig);
            return new StandaloneApiServer(app, store, audit, bound, kubeconfig, token, certificate, logger);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            await store.DisposeAsync();
            audit?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Watches are long requests; give them a moment, then cut them.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
        await _store.DisposeAsync();
        _audit?.Dispose();
        _logger.LogInformation("Standalone Kubernetes API on {Address} stopped", BaseAddress);
    }

    private static IPEndPoint ParseListen(string listen)
    {
        if (IPEndPoint.TryParse(listen, out var parsed))
        {
            return parsed;
        }
        var colon = listen.LastIndexOf(':');
        if (colon > 0 && listen[..colon] == "localhost" && int.TryParse(listen[(colon + 1)..], out var port))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }
        throw new ArgumentException($"Listen address \"{listen}\" is not ip:port", nameof(listen));
    }

    private static Uri BoundAddress(WebApplication app, IPEndPoint requested)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var port = addresses.Select(a => new Uri(a.Replace("[::]", "[::1]", StringComparison.Ordinal)).Port).FirstOrDefault(requested.Port);
        // Clients of a wildcard listener reach it on loopback, which the certificate always covers.
        var host = IPAddress.Any.Equals(requested.Address) ? "127.0.0.1"
            : IPAddress.IPv6Any.Equals(requested.Address) ? "[::1]"
            : requested.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{requested.Address}]"
            : requested.Address.ToString();
        return new Uri($"https://{host}:{port}");
    }
}
