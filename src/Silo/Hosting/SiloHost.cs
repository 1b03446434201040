using System.Net;
using Dtaas.Client;
using Dtaas.Gateway;
using Dtaas.Grains.HostBound;
using Dtaas.Grains.Node;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Kubernetes.Election;
using Dtaas.Silo.Identity;
using Dtaas.Silo.Options;
using Dtaas.Silo.Ports;
using Dtaas.Silo.Replicas;
using Dtaas.Grains.Ports;
using Dtaas.Silo.Watching;
using Dtaas.Silo.Telemetry;
using Dtaas.WireGuard.Devices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Orleans.Runtime;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The composition root: the Kubernetes API (a cluster, or the standalone server), the grain runtime with the
/// Kubernetes-backed storage, leadership with the watcher bridge, and the silo's listeners.
/// </summary>
public static class SiloHost
{
    /// <summary>
    /// Starts the silo. Cancelling <paramref name="cancellationToken"/> (a SIGTERM during start-up) stops what has
    /// started, reporting each step to <paramref name="progress"/>, and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<RunningSilo> StartAsync(SiloOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default,
        StopProgress? progress = null)
    {
        progress ??= new StopProgress();
        var settings = StartSettings.Validate(options);
        var (clientEndpoint, advertised, gatewayEndpoint, tlsEndpoint, certificateFiles, h2cEndpoint, metricsEndpoint, otlpEndpoint, federation, backend, sessions, drain) = settings;
        var data = new DataDirectory(options.DataDirectory);
        var clientToken = data.LoadOrCreateClientToken(options.ClientToken);
        var logger = loggerFactory.CreateLogger("Dtaas.Silo");
        var readiness = new NodeReadiness();

        var resources = new Stack<IAsyncDisposable>();
        var listeners = new List<KestrelListener>();
        try
        {
            var kubernetes = await KubernetesConnection.OpenAsync(options, data, loggerFactory, cancellationToken);
            resources.Push(kubernetes);
            var node = kubernetes.Standalone is null
                ? await SecretIdentityStore.LoadOrCreateAsync(kubernetes.Client, options.Namespace, options.NodeName, cancellationToken)
                : data.LoadOrCreateIdentity(options.NodeName);

            // Built before the gateway serves its first request, or that request goes uncounted.
            MeterProvider? meters = null;
            if (metricsEndpoint is not null)
            {
                meters = MetricsExport.Start(node);
                resources.Push(new Disposed(meters));
            }
            if (otlpEndpoint is not null)
            {
                resources.Push(new Disposed(TraceExport.Start(node, otlpEndpoint)));
                logger.LogInformation("Traces go to the OTLP collector at {Endpoint}", otlpEndpoint);
            }

            // Beyond loopback the client gateway speaks TLS only, with certificates the node issues itself; against a
            // cluster its silos authenticate each other with them too.
            var sdkCertificates = kubernetes.Standalone is null ? await SdkCertificateStore.LoadOrCreateAsync(kubernetes.Client, options.Namespace, node.Id, logger, cancellationToken)
                : IPAddress.IsLoopback(clientEndpoint.Address) ? null
                : SdkCertificateStore.LoadOrCreate(data, node.Id, logger);
            var certificates = IPAddress.IsLoopback(clientEndpoint.Address) ? null : sdkCertificates;
            // Against a cluster the node may run several replicas: they form one Orleans cluster. Standalone, the API
            // lives in this process, so there is only ever this one silo.
            var leaderIdentity = LeaderIdentity(node, data);
            var holder = new LeaseHolder();
            var replicaEndpoint = kubernetes.Standalone is null ? settings.ReplicaEndpoint(options) : null;
            var clustering = replicaEndpoint is not null
                ? new NodeClustering(kubernetes.Client, options.Namespace, settings.SiloEndpoint(options), leaderIdentity, holder, sdkCertificates!, replicaEndpoint.Port)
                : null;
            var core = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings())
                .AddDtaasNode(options, node, federation, sessions, backend, kubernetes.Client, clustering, readiness,
                    new ClientGateway(clientEndpoint, advertised, clientToken, certificates), loggerFactory)
                .Build();
            try
            {
                await core.StartAsync(cancellationToken);
            }
            catch (Exception e) when (IsAddressInUse(e))
            {
                core.Dispose();
                throw new IOException($"--client-listen {clientEndpoint}: address already in use", e);
            }
            resources.Push(new StoppedHost(core));
            LogWireGuardBackend(core.Services.GetRequiredService<WireGuardDevices>().Check(), logger);
            // Popped before the host stops: federation calls stop arriving before the grains deactivate.
            resources.Push((IAsyncDisposable)core.Services.GetRequiredKeyedService<IOverlayNetwork>(HostWork.Key));

            var grains = core.Services.GetRequiredService<IGrainFactory>();
            var caches = core.Services.GetRequiredService<ObjectCaches>();
            // A standby replica keeps its caches itself; the leader's watchers keep them while it leads.
            var feed = clustering is null ? null : new CacheFeed(kubernetes.Client, caches, options.Namespace, loggerFactory);
            if (feed is not null)
            {
                feed.Start();
                resources.Push(feed);
            }
            var membership = core.Services.GetRequiredService<IClusterMembershipService>();
            var bridge = new WatcherBridge(kubernetes.Client, grains, caches, options.Namespace, membership, loggerFactory);
            resources.Push(new Leadership(kubernetes.Api,
                new LeaseCampaignOptions
                {
                    Identity = leaderIdentity,
                    LeaseName = "dtaas-silo",
                    LeaseNamespace = options.Namespace,
                },
                new LeaderDuty(feed, bridge, grains, readiness, logger, holder, clustering is null ? null : new LeaderEndpoints(kubernetes.Api,
                    OverlayService.Endpoints(options.Namespace, leaderIdentity, advertised, federation.WireGuardPort), loggerFactory.CreateLogger<LeaderEndpoints>())).LeadAsync,
                readiness, holder, clustering is null ? null : membership, loggerFactory, clustering is null ? null : core.Services.GetRequiredService<HostWorkFence>()));

            var client = new Uri($"tcp://{clientEndpoint}");
            data.WriteClientFile(new ClientFile(new IPEndPoint(advertised, clientEndpoint.Port).ToString(), node.Id, Tls: certificates is not null));
            // Before any listener serves: the first handshake needs it, and a broken Secret or file fails the start.
            var tlsCertificate = tlsEndpoint is null ? null : await GatewayCertificate.StartAsync(new GatewayCertificate.Settings(node.Name, certificateFiles,
                kubernetes.Client, options.Namespace, Cluster: kubernetes.Standalone is null, data, TimeSpan.FromSeconds(15), TimeProvider.System),
                loggerFactory.CreateLogger<GatewayCertificate>(), cancellationToken);
            if (tlsCertificate is not null)
            {
                resources.Push(tlsCertificate);
            }
            KestrelListener? tlsGateway = null;
            (HolderReplica, HttpMessageInvoker)? standby = null;
            if (clustering is not null)
            {
                var replicas = new HttpMessageInvoker(ReplicaTls.Handler(clustering.Certificates));
                resources.Push(new Disposed(replicas));
                standby = (HolderReplica.Of(clustering, core.Services), replicas);
            }
            var pipeline = new GatewayPipeline(core.Services, readiness, options.Namespace, tlsEndpoint is null ? null : () => tlsGateway!.Address.Port, loggerFactory,
                standby);
            if (clustering is not null)
            {
                // Before the public listeners: a standby may forward to this replica as soon as it holds the Lease.
                var replicaCertificate = ReplicaTls.ServerCertificate(clustering.Certificates);
                var replicaListener = await ListenAsync("replica-listen", replicaEndpoint!, HttpProtocols.Http1AndHttp2, loggerFactory,
                    pipeline.ConfigureServices, pipeline.ConfigureReplica, cancellationToken, () => replicaCertificate,
                    tls => ReplicaTls.RequireReplica(tls, clustering.Certificates));
                resources.Push(replicaListener);
                listeners.Add(replicaListener);
                logger.LogInformation("Replica listener at {Address}: the other replicas' gateways forward what only the Lease holder serves (silo certificate only)",
                    replicaListener.Address);
            }
            if (tlsEndpoint is not null)
            {
                tlsGateway = await ListenAsync("gateway-tls-listen", tlsEndpoint, HttpProtocols.Http1AndHttp2, loggerFactory,
                    pipeline.ConfigureServices, app => pipeline.Configure(app, plain: false), cancellationToken, () => tlsCertificate!.Current);
                resources.Push(tlsGateway);
                listeners.Add(tlsGateway);
                logger.LogInformation("Gateway over HTTPS at {Address} (certificate from {Source}); the plain gateway redirects /v1 credentials there beyond loopback",
                    tlsGateway.Address, tlsCertificate!.Source);
            }
            else
            {
                logger.LogWarning("--gateway-tls-listen is off: passwords and tokens sent to this gateway cross the network in cleartext, and dtApp URIs say http://");
            }
            var gateway = await ListenAsync("gateway-listen", gatewayEndpoint, HttpProtocols.Http1, loggerFactory,
                pipeline.ConfigureServices, app => pipeline.Configure(app, plain: true), cancellationToken);
            resources.Push(gateway);
            listeners.Add(gateway);
            if (h2cEndpoint is not null)
            {
                // Kestrel picks HTTP/2 on a cleartext port only when it speaks nothing else: a port of its own for h2c (gRPC).
                var h2cGateway = await ListenAsync("gateway-h2c-listen", h2cEndpoint, HttpProtocols.Http2, loggerFactory,
                    pipeline.ConfigureServices, app => pipeline.Configure(app, plain: true), cancellationToken);
                resources.Push(h2cGateway);
                listeners.Add(h2cGateway);
                logger.LogInformation("Gateway for cleartext HTTP/2 (gRPC) clients at {Address}", h2cGateway.Address);
            }
            Uri? metricsAddress = null;
            if (metricsEndpoint is not null && meters is not null)
            {
                core.Services.GetRequiredService<ObjectGauges>();
                var metrics = await ListenAsync("metrics-listen", metricsEndpoint, HttpProtocols.Http1, loggerFactory, _ => { },
                    app => app.MapMetrics(meters), cancellationToken);
                resources.Push(metrics);
                listeners.Add(metrics);
                metricsAddress = new Uri(metrics.Address, MetricsExport.ScrapePath);
            }
            if (await OrleansDashboard.StartAsync(options, core.Services, loggerFactory, cancellationToken) is { } dashboard)
            {
                resources.Push(dashboard);
                listeners.Add(dashboard);
            }

            logger.LogInformation("Node {NodeName} ({NodeId}) started: {Kubernetes}, namespace {Namespace}, client endpoint {Client}, gateway {Gateway}, TLS gateway {TlsGateway}, data {DataDirectory}",
                node.Name, node.Id, kubernetes.Description, options.Namespace, client, gateway.Address, tlsGateway?.Address.ToString() ?? "off", data.Path);
            return new RunningSilo(resources, listeners, readiness, drain, progress, node, data, clientToken, client, gateway.Address, metricsAddress, kubernetes, core.Services);
        }
        catch
        {
            await RunningSilo.DisposeAllAsync(resources, progress);
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
    }

    // Stable across restarts of one replica (so a restarted silo resumes its lease at once), distinct between
    // replicas of the node: they share the node id but not the host (pod) and data directory.
    private static string LeaderIdentity(NodeIdentity node, DataDirectory data) =>
        $"{node.Id}@{Environment.MachineName}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(data.Path)))[..8]}";

    /// <summary>Said once at start: which backend domain overlays and pods will use, or why none works and what to install.</summary>
    private static void LogWireGuardBackend((WireGuardBackend? Backend, string? Problem) check, ILogger logger)
    {
        if (WireGuardSupport.Describe(check) is { } problem)
        {
            logger.LogWarning("WireGuard: {Problem}. Domains can be created, but no node can join them and no dtService can connect until then", problem);
        }
        else
        {
            logger.LogInformation("WireGuard: new interfaces use the {Backend}", check.Backend == WireGuardBackend.Kernel ? "kernel module" : "userspace wireguard-go");
        }
    }

    private static bool IsAddressInUse(Exception e) =>
        e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } ||
        e.InnerException is { } inner && IsAddressInUse(inner);

    /// <summary>A listener whose address is taken fails naming the option that chose it.</summary>
    private static async Task<KestrelListener> ListenAsync(string option, IPEndPoint endpoint, HttpProtocols protocols, ILoggerFactory loggerFactory,
        Action<IServiceCollection> services, Action<WebApplication> pipeline, CancellationToken cancellationToken,
        Func<System.Net.Security.SslStreamCertificateContext>? tlsCertificate = null, Action<System.Net.Security.SslServerAuthenticationOptions>? tlsOptions = null)
    {
        try
        {
            return await KestrelListener.StartAsync(endpoint, protocols, tlsCertificate, loggerFactory, services, pipeline, cancellationToken, tlsOptions);
        }
        catch (IOException e)
        {
            throw new IOException($"--{option} {endpoint}: {e.Message}", e);
        }
    }

    private sealed class Disposed(IDisposable resource) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            resource.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Stops the core host when disposed (grains deactivate), in the silo's reverse start order.</summary>
    private sealed class StoppedHost(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
