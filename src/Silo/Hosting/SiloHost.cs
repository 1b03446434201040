using System.Net;
using Dtaas.Client;
using Dtaas.Gateway;
using Dtaas.Grains.HostBound;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Node;
using Dtaas.Grains.Users;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Kubernetes.Election;
using Dtaas.Kubernetes.State;
using Dtaas.Silo.Api;
using Dtaas.Silo.Apps;
using Dtaas.Silo.Identity;
using Dtaas.Silo.Options;
using Dtaas.Silo.Ports;
using Dtaas.Grains.Ports;
using Dtaas.Silo.Watching;
using Dtaas.Silo.WebConsole;
using Dtaas.Silo.Federation;
using Dtaas.Silo.Telemetry;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Netns;
using Dtaas.WireGuard.Pods;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        var drain = Drain(ShutdownTimeout(options));
        var clientEndpoint = ListenAddress.Parse("client-listen", options.ClientListen);
        if (clientEndpoint.Port == 0)
        {
            clientEndpoint = new IPEndPoint(clientEndpoint.Address, NodeSilo.FreePort(clientEndpoint.Address));
        }
        var advertised = NodeSilo.Advertised(clientEndpoint.Address, options.AdvertiseAddress);
        var gatewayEndpoint = ListenAddress.Parse("gateway-listen", options.GatewayListen);
        var tlsEndpoint = options.GatewayTlsListen is { Length: > 0 } tls ? ListenAddress.Parse("gateway-tls-listen", tls) : null;
        var certificateFiles = (options.GatewayCertificate, options.GatewayKey) switch
        {
            ({ Length: > 0 } certificate, { Length: > 0 } key) => ((string, string)?)(certificate, key),
            (null or "", null or "") => null,
            _ => throw new ArgumentException("--gateway-certificate and --gateway-key go together: give both PEM files, or neither."),
        };
        var h2cEndpoint = options.GatewayH2cListen is { Length: > 0 } h2c ? ListenAddress.Parse("gateway-h2c-listen", h2c) : null;
        var metricsEndpoint = options.MetricsListen is { Length: > 0 } metricsListen ? ListenAddress.Parse("metrics-listen", metricsListen) : null;
        var otlpEndpoint = options.OtlpEndpoint is { Length: > 0 } otlp ? TraceExport.Parse(otlp) : null;
        var (publicHost, _) = PublicAddress.Resolve(options.PublicAddress, gatewayEndpoint);
        var trustLease = Seconds("trust-lease", options.TrustLease);
        // Told three times within a lease: one lost telling does not make an object's node stop honouring a trust.
        var federation = new FederationSettings(publicHost, PublicAddress.ParsePort("wireguard-port", options.WireGuardPort))
        {
            TrustLease = trustLease,
            TrustRefresh = trustLease / 3,
        };
        var backend = Enum.TryParse<WireGuardBackend>(options.WireGuardBackend, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ArgumentException($"--wireguard-backend '{options.WireGuardBackend}' is not one of auto, kernel, userspace.");
        if (options.PodResolver is not ("auto" or "cri" or "netns"))
        {
            throw new ArgumentException($"--pod-resolver '{options.PodResolver}' is not one of auto, cri, netns.");
        }
        var sessions = new SessionSettings(Seconds("token-lifetime", options.TokenLifetime));
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

            // Beyond loopback the SDK gateway speaks TLS only, with certificates the node issues itself; against a
            // cluster its silos authenticate each other with them too.
            var sdkCertificates = kubernetes.Standalone is null ? await SdkCertificateStore.LoadOrCreateAsync(kubernetes.Client, options.Namespace, node.Id, logger, cancellationToken)
                : IPAddress.IsLoopback(clientEndpoint.Address) ? null
                : SdkCertificateStore.LoadOrCreate(data, node.Id, logger);
            var certificates = IPAddress.IsLoopback(clientEndpoint.Address) ? null : sdkCertificates;
            // Against a cluster the node may run several replicas: they form one Orleans cluster. Standalone, the API
            // lives in this process, so there is only ever this one silo.
            var leaderIdentity = LeaderIdentity(node, data);
            var holder = new LeaseHolder();
            var clustering = kubernetes.Standalone is null
                ? new NodeClustering(kubernetes.Client, options.Namespace, SiloEndpoint(options, clientEndpoint, advertised), leaderIdentity, holder, sdkCertificates!)
                : null;
            var core = BuildCore(options, node, federation, sessions, backend, kubernetes.Client, clustering, readiness,
                new ClientGateway(clientEndpoint, advertised, clientToken, certificates), loggerFactory);
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
                async token =>
                {
                    if (feed is not null)
                    {
                        await feed.StopAsync();
                        await ClaimHostWorkAsync(grains, logger, token);
                    }
                    try
                    {
                        await bridge.RunAsync(readiness.Ready, token);
                    }
                    finally
                    {
                        feed?.Start();
                    }
                }, readiness, holder, clustering is null ? null : membership, loggerFactory));

            var client = new Uri($"tcp://{clientEndpoint}");
            data.WriteClientFile(new ClientFile(new IPEndPoint(advertised, clientEndpoint.Port).ToString(), node.Id, Tls: certificates is not null));
            var apps = core.Services.GetRequiredService<IAppDirectory>();
            var gatewayClients = core.Services.GetRequiredService<GatewayClients>();
            // Before any listener serves: the first handshake needs it, and a broken Secret or file fails the start.
            var tlsCertificate = tlsEndpoint is null ? null : await GatewayCertificate.StartAsync(new GatewayCertificate.Settings(node.Name, certificateFiles,
                kubernetes.Client, options.Namespace, Cluster: kubernetes.Standalone is null, data, TimeSpan.FromSeconds(15), TimeProvider.System),
                loggerFactory.CreateLogger<GatewayCertificate>(), cancellationToken);
            if (tlsCertificate is not null)
            {
                resources.Push(tlsCertificate);
            }
            KestrelListener? tlsGateway = null;
            void Gateway(WebApplication app, bool plain)
            {
                app.UseDtAppIngress(apps, gatewayClients, core.Services.GetRequiredService<GatewayMetrics>());
                if (plain && tlsEndpoint is not null)
                {
                    app.UseCredentialRedirect(() => tlsGateway!.Address.Port);
                }
                app.MapGet("/healthz", () => readiness.Reason is { } reason
                    ? Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.Text("ok\n"));
                app.MapFederation(grains, core.Services.GetRequiredService<ILocalObjects>(), core.Services.GetRequiredService<IJoinOpener>(), loggerFactory);
                app.MapObjectApi(grains, options.Namespace, loggerFactory.CreateLogger(typeof(ObjectApi).FullName!));
                app.MapConsole(core.Services, plain && tlsEndpoint is not null ? () => tlsGateway!.Address.Port : null);
                app.MapDtAppFallback();
            }
            if (tlsEndpoint is not null)
            {
                tlsGateway = await ListenAsync("gateway-tls-listen", tlsEndpoint, HttpProtocols.Http1AndHttp2, loggerFactory,
                    services => services.AddFederationRateLimit(), app => Gateway(app, plain: false), cancellationToken, () => tlsCertificate!.Current);
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
                services => services.AddFederationRateLimit(), app => Gateway(app, plain: true), cancellationToken);
            resources.Push(gateway);
            listeners.Add(gateway);
            if (h2cEndpoint is not null)
            {
                // Kestrel picks HTTP/2 on a cleartext port only when it speaks nothing else: a port of its own for h2c (gRPC).
                var h2cGateway = await ListenAsync("gateway-h2c-listen", h2cEndpoint, HttpProtocols.Http2, loggerFactory,
                    services => services.AddFederationRateLimit(), app => Gateway(app, plain: true), cancellationToken);
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

    /// <summary>
    /// The new leader activates the host-bound grain on its own silo at once, so the other replicas find it there
    /// instead of each placing it (which needs them to have seen the new holder already).
    /// </summary>
    private static async Task ClaimHostWorkAsync(IGrainFactory grains, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IHostWorkGrain>(IHostWorkGrain.Key).WireGuardProblem(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Still on the old holder, which is not declared dead yet: the next call places it here.
            logger.LogWarning("Host-bound work not taken over yet: {Reason}", e.Message);
        }
    }

    /// <summary>
    /// Where this replica's silo listens for the others. Orleans advertises one address for the silo port and the SDK
    /// gateway, so the two listen on the same address, or both on a wildcard (then the advertised one is the pod's).
    /// </summary>
    private static IPEndPoint SiloEndpoint(SiloOptions options, IPEndPoint clientEndpoint, IPAddress advertised)
    {
        var endpoint = ListenAddress.Parse("silo-listen", options.SiloListen);
        if (!NodeSilo.Advertised(endpoint.Address, options.AdvertiseAddress).Equals(advertised))
        {
            throw new ArgumentException($"--silo-listen {options.SiloListen} and --client-listen {clientEndpoint}: Orleans advertises one address " +
                $"for both ({advertised} here), so put them on the same address, or both on a wildcard with --advertise-address.");
        }
        return endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, NodeSilo.FreePort(endpoint.Address)) : endpoint;
    }

    /// <summary>How long a stop may take (<c>--shutdown-timeout</c>).</summary>
    public static TimeSpan ShutdownTimeout(SiloOptions options) => Seconds("shutdown-timeout", options.ShutdownTimeout);

    // The last 5 s of the stop (half of a stop of 10 s or less) release the Lease and stop the grains; requests drain before.
    private static TimeSpan Drain(TimeSpan shutdownTimeout) =>
        shutdownTimeout > TimeSpan.FromSeconds(10) ? shutdownTimeout - TimeSpan.FromSeconds(5) : shutdownTimeout / 2;

    private static TimeSpan Seconds(string option, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"--{option} '{value}' is not a number of seconds above 0.");

    private static IHost BuildCore(SiloOptions options, NodeIdentity node, FederationSettings federation, SessionSettings sessions, WireGuardBackend backend,
        IKubernetesClient kubernetes, NodeClustering? clustering, NodeReadiness readiness, ClientGateway clientGateway, ILoggerFactory loggerFactory)
    {
        var inCluster = clustering is not null;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(loggerFactory).AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton(new NodeDescription(node.Id, node.Name, DateTimeOffset.UtcNow, node.Keys.PublicKey.ToBase64())
        {
            // Each node's URIs name its own gateway, so its own TLS setting decides.
            UriScheme = options.GatewayTlsListen is { Length: > 0 } ? Uri.UriSchemeHttps : Uri.UriSchemeHttp,
        });
        builder.Services.AddSingleton(readiness);
        builder.Services.AddSingleton(kubernetes);
        builder.Services.AddSingleton<ObjectCaches>();
        builder.Services.AddConsole(options.Namespace);
        builder.Services.AddSingleton<IEventRecorder>(sp => new KubernetesEventRecorder(kubernetes, node.Name, TimeProvider.System,
            sp.GetRequiredService<ILogger<KubernetesEventRecorder>>()));
        builder.Services.AddSingleton(federation);
        builder.Services.AddSingleton(sessions);
        builder.Services.AddSingleton<ILocalObjects, CachedLocalObjects>();
        builder.Services.AddSingleton<ISecretKeys, KubernetesSecretKeys>();
        builder.Services.AddSingleton<IPodKeys>(new DerivedPodKeys(node));
        builder.Services.AddHostPorts(clustered: clustering is not null,
            wireGuard: sp => ActivatorUtilities.CreateInstance<WireGuardSupport>(sp),
            overlay: sp => new WireGuardOverlay(sp.GetRequiredService<IWireGuardDevices>(), node.Keys.PrivateKey,
                node.Id, sp.GetRequiredService<Federation.StaticNodeDirectory>(),
                uid => sp.GetRequiredService<IGrainFactory>().GetGrain<IFederationGrain>(uid.ToString()),
                sp.GetRequiredService<IAppDirectory>(), sp.GetRequiredService<GatewayClients>(), sp.GetRequiredService<GatewayMetrics>(), loggerFactory),
            pods: sp => new WireGuardPodNetworks(sp.GetRequiredService<IWireGuardDevices>(), new IpCommand(ProcessRunner.Default),
                PodResolvers.Create(options.PodResolver == "cri" || (options.PodResolver == "auto" && inCluster), options.PodNetnsDir, options.Namespace, new IpCommand(ProcessRunner.Default), loggerFactory),
                sp.GetRequiredService<ILogger<WireGuardPodNetworks>>()),
            federation: sp => sp.GetRequiredService<GrpcFederationClient>());
        builder.Services.AddFederationClient(node.Id);
        builder.Services.AddSingleton(sp => new WireGuardDevices(backend, new IpCommand(ProcessRunner.Default),
            sp.GetRequiredService<ILogger<WireGuardDevices>>()));
        builder.Services.AddSingleton<IWireGuardDevices>(sp => sp.GetRequiredService<WireGuardDevices>());
        builder.Services.AddSingleton(_ => new GatewayClients(new GatewayOptions()));
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ObjectGauges>();
        builder.Services.AddSingleton<IAppDirectory>(sp => new CachedAppDirectory(sp.GetRequiredService<ObjectCaches>(),
            sp.GetRequiredService<NodeDescription>(), options.Namespace, useClusterIp: inCluster, sp.GetRequiredService<Federation.INodeDirectory>(),
            sp.GetRequiredService<IGrainFactory>()));
        builder.Services.AddSingleton<IJoinTransport>(sp => new HttpJoinTransport(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(10)));
        builder.Services.AddSingleton<IJoinOpener>(sp => new SealedJoinOpener(node.Keys, new ReplayCache(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<TimeProvider>(), federation.JoinMaxSkew));
        builder.AddNodeSilo(node.Id, clientGateway, sp => ActivatorUtilities.CreateInstance<KubernetesGrainStorage>(sp), clustering);
        builder.AddOrleansDashboard(options);
        return builder.Build();
    }

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
        Func<System.Net.Security.SslStreamCertificateContext>? tlsCertificate = null)
    {
        try
        {
            return await KestrelListener.StartAsync(endpoint, protocols, tlsCertificate, loggerFactory, services, pipeline, cancellationToken);
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
