using System.Net;
using Dtaas.Grains.Apps;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Users;
using Dtaas.Gateway;
using Dtaas.Silo.Api;
using Dtaas.Silo.Hosting;
using Orleans;
using Dtaas.Silo.Federation;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Harness;

/// <summary>
/// One node in the test process, wired as the silo wires it except for what needs Kubernetes or root: the grain
/// runtime over an in-memory <see cref="ObjectStore"/>, the real join exchange (sealed opener, HTTP transport, the join
/// endpoint on a loopback gateway) and the real federation listener behind a <see cref="LoopbackOverlay"/>.
/// There is no watcher: the methods here act as the user and then reconcile, as the watcher bridge would.
/// </summary>
public sealed class FederationNode : IAsyncDisposable
{
    public const string Namespace = "default";

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(5);

    private int _stopped;

    private readonly IHost _host;
    private readonly KestrelListener _gateway;

    private FederationNode(NodeDescription description, IHost host, KestrelListener gateway, ClientGateway sdk)
    {
        Description = description;
        _host = host;
        _gateway = gateway;
        Sdk = sdk;
    }

    public NodeDescription Description { get; }

    /// <summary>The node's client gateway on loopback, for an Orleans client (<c>UseDtaasNode</c>) as a service of the node would connect.</summary>
    public ClientGateway Sdk { get; }

    public string Id => Description.Id;

    public ObjectStore Objects => _host.Services.GetRequiredService<ObjectStore>();

    public LoopbackOverlay Overlay => _host.Services.GetRequiredService<LoopbackOverlay>();

    public RecordedEvents Events => _host.Services.GetRequiredService<RecordedEvents>();

    public RecordingPods Pods => _host.Services.GetRequiredService<RecordingPods>();

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>This node's client of the federation protocol, as its grains call other members.</summary>
    public IFederationClient Federation => _host.Services.GetRequiredService<IFederationClient>();

    /// <summary>The gateway's <c>host:port</c>, what a joiner writes in <c>spec.peer.address</c>.</summary>
    public string GatewayAddress => _gateway.Address.Authority;

    /// <param name="name">The node's name; <c>node{index}.example.org</c> when null.</param>
    public static async Task<FederationNode> StartAsync(int index, int federationPort, FederationSettings settings, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken, string? name = null)
    {
        // The silo port is found free before Orleans binds it (NodeSilo.FreePort): a connection elsewhere on the host
        // may take it in between, and then the node starts again on another one.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(name ?? $"node{index}.example.org", federationPort, settings, loggerFactory, cancellationToken);
            }
            catch (Exception e) when (attempt < 3 && IsAddressInUse(e))
            {
            }
        }
    }

    private static bool IsAddressInUse(Exception? e) =>
        e is not null && (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } || IsAddressInUse(e.InnerException));

    private static async Task<FederationNode> StartOnceAsync(string name, int federationPort, FederationSettings settings, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var keys = KeyPair.Generate();
        var description = new NodeDescription(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), name, DateTimeOffset.UtcNow,
            keys.PublicKey.ToBase64());
        var routes = new OverlayRoutes();

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(loggerFactory).AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(description);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<ObjectStore>();
        builder.Services.AddSingleton<ILocalObjects>(sp => sp.GetRequiredService<ObjectStore>());
        builder.Services.AddSingleton<IObjectChanges>(sp => sp.GetRequiredService<ObjectStore>());
        builder.Services.AddSingleton<IObjectWriter>(sp => new StoreObjectWriter(sp.GetRequiredService<ObjectStore>()));
        builder.Services.AddSingleton<ISecretKeys>(sp => sp.GetRequiredService<ObjectStore>());
        builder.Services.AddSingleton<RecordedEvents>();
        builder.Services.AddSingleton<IEventRecorder>(sp => sp.GetRequiredService<RecordedEvents>());
        builder.Services.AddSingleton(new RecordingPods(description.Id));
        builder.Services.AddSingleton<IPodInterfaces>(sp => sp.GetRequiredService<RecordingPods>());
        builder.Services.AddSingleton<IPodKeys>(sp => sp.GetRequiredService<RecordingPods>());
        // Federation calls leave from this node's alias on the domain's overlay, as routing picks the WireGuard address.
        builder.Services.AddFederationClient(description.Id, routes.SourceFor);
        builder.Services.AddSingleton(sp => new LoopbackOverlay(federationPort, routes, sp.GetRequiredService<Silo.Federation.MutableNodeDirectory>(),
            uid => sp.GetRequiredService<IGrainFactory>().GetGrain<IFederationGrain>(uid.ToString()), loggerFactory));
        builder.Services.AddSingleton<IOverlayNetwork>(sp => sp.GetRequiredService<LoopbackOverlay>());
        builder.Services.AddSingleton<IWireGuardSupport>(sp => sp.GetRequiredService<LoopbackOverlay>());
        builder.Services.AddSingleton<IJoinTransport>(sp => new HttpJoinTransport(sp.GetRequiredService<TimeProvider>(), JoinTimeout));
        builder.Services.AddSingleton<IJoinOpener>(sp => new SealedJoinOpener(keys, new ReplayCache(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<TimeProvider>(), settings.JoinMaxSkew));
        var sdk = new ClientGateway(new IPEndPoint(IPAddress.Loopback, NodeSilo.FreePort(IPAddress.Loopback)), IPAddress.Loopback,
            Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)), Certificates: null);
        builder.AddNodeSilo(description.Id, sdk, sp => sp.GetRequiredService<ObjectStore>());
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var objects = host.Services.GetRequiredService<ObjectStore>();
        var gateway = await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http1, loggerFactory, services => services.AddFederationRateLimit(),
            app =>
            {
                app.MapFederation(grains, objects, host.Services.GetRequiredService<IJoinOpener>(), loggerFactory);
                app.MapObjectApi(grains, Namespace, loggerFactory.CreateLogger(typeof(ObjectApi).FullName!));
            }, cancellationToken);
        return new FederationNode(description, host, gateway, sdk);
    }

    /// <summary>The user creates a domain here (<c>kubectl create</c> of a dtDomain without spec).</summary>
    public async Task<DtDomain> CreateDomainAsync(string name, CancellationToken cancellationToken)
    {
        Objects.Create(new DtDomain { Metadata = new ObjectMeta { Name = name, Namespace = Namespace } });
        await ReconcileDomainAsync(name, cancellationToken);
        return Domain(name)!;
    }

    /// <summary>The user joins a domain through its creator's gateway with its invite token.</summary>
    public async Task<DtDomain> JoinAsync(string name, string creatorAddress, string inviteToken, CancellationToken cancellationToken)
    {
        Objects.Create(new DtDomain
        {
            Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
            Spec = new DtDomainSpec { Peer = new DtDomainPeer { Address = creatorAddress, InviteToken = inviteToken } },
        });
        await ReconcileDomainAsync(name, cancellationToken);
        return Domain(name)!;
    }

    /// <summary>The user deletes a dtPeer (on the creator: removes that member from the domain).</summary>
    public async Task DeletePeerAsync(string nodeId, CancellationToken cancellationToken)
    {
        Objects.Delete<DtPeer>(Namespace, nodeId);
        await ReconcileAsync(async () =>
        {
            await Grains.GetGrain<IDtPeerGrain>($"{Namespace}/{nodeId}").Reconcile(cancellationToken);
            return null;
        }, cancellationToken);
    }

    /// <summary>The user deletes the dtDomain (a member leaves, the creator dissolves the domain).</summary>
    public async Task DeleteDomainAsync(string name, CancellationToken cancellationToken)
    {
        Objects.Delete<DtDomain>(Namespace, name);
        await ReconcileDomainAsync(name, cancellationToken);
    }

    /// <summary>The user publishes a Service of this node to the members of <paramref name="domains"/> (a dtApp).</summary>
    public async Task<DtApp> CreateAppAsync(string name, string service, IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        Objects.Create(new DtApp
        {
            Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
            ServiceSelector = new DtAppServiceSelector { Name = service },
            DomainSelector = new DtAppDomainSelector { Name = domains },
            Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.None },
        });
        await ReconcileAppAsync(name, cancellationToken);
        return Objects.Get<DtApp>(Namespace, name)!;
    }

    /// <summary>The user deletes a dtApp: at its origin it is withdrawn everywhere; a replica comes back.</summary>
    public async Task DeleteAppAsync(string name, CancellationToken cancellationToken)
    {
        Objects.Delete<DtApp>(Namespace, name);
        await ReconcileAppAsync(name, cancellationToken);
    }

    public Task ReconcileAppAsync(string name, CancellationToken cancellationToken) =>
        ReconcileAsync(async () =>
        {
            await Grains.GetGrain<IDtAppGrain>($"{Namespace}/{name}").Reconcile(cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>The user applies a dtService: pod <paramref name="pod"/> on network <paramref name="name"/> of <paramref name="domain"/>.</summary>
    public async Task<DtService> CreateServiceAsync(string name, string domain, string pod, CancellationToken cancellationToken)
    {
        Objects.Create(new DtService
        {
            Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
            Spec = new DtServiceSpec { DomainSelector = domain, PodSelector = pod },
        });
        await ReconcileServiceAsync(name, cancellationToken);
        return Service(name)!;
    }

    public async Task DeleteServiceAsync(string name, CancellationToken cancellationToken)
    {
        Objects.Delete<DtService>(Namespace, name);
        await ReconcileServiceAsync(name, cancellationToken);
    }

    /// <summary>One reconcile (retried on failure); a later look the grain asks for is left out, the tests look themselves.</summary>
    public Task ReconcileServiceAsync(string name, CancellationToken cancellationToken) =>
        ReconcileAsync(async () =>
        {
            await Grains.GetGrain<IDtServiceGrain>($"{Namespace}/{name}").Reconcile(cancellationToken);
            return null;
        }, cancellationToken);

    public DtService? Service(string name) => Objects.Get<DtService>(Namespace, name);

    /// <summary>The gateway listener's services (its endpoints, for the tests that compare them with the OpenAPI document).</summary>
    public IServiceProvider GatewayServices => _gateway.Services;

    /// <summary>The gateway's base address (the /v1 API is there).</summary>
    public Uri GatewayUri => _gateway.Address;

    /// <summary>The node's admin adds a user: a Secret with the password (unless null) and a dtUser naming it, then the watcher's reconcile.</summary>
    public async Task<DtUser> CreateUserAsync(string name, string? password, CancellationToken cancellationToken)
    {
        if (password is not null)
        {
            Objects.Create(new V1Secret
            {
                Metadata = new ObjectMeta { Name = $"{name}-password", Namespace = Namespace },
                Data = new Dictionary<string, byte[]> { ["password"] = System.Text.Encoding.UTF8.GetBytes(password) },
            });
        }
        Objects.Create(new DtUser
        {
            Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
            Spec = new DtUserSpec { PasswordSecretRef = new DtSecretKeyRef { Name = $"{name}-password", Key = "password" } },
        });
        await ReconcileUserAsync(name, cancellationToken);
        return Objects.Get<DtUser>(Namespace, name)!;
    }

    /// <summary>The node's admin deletes a dtUser (kubectl delete), then the watcher's reconcile.</summary>
    public async Task DeleteUserAsync(string name, CancellationToken cancellationToken)
    {
        Objects.Delete<DtUser>(Namespace, name);
        await ReconcileUserAsync(name, cancellationToken);
    }

    /// <summary>The replicas of other nodes' users this node holds.</summary>
    public IReadOnlyList<DtUser> UserReplicas() => [.. Objects.Users().Where(UserObjects.IsReplica)];

    /// <summary>One reconcile of a dtUser (a later look the grain asks for is left to the test).</summary>
    public Task ReconcileUserAsync(string name, CancellationToken cancellationToken) =>
        ReconcileAsync(async () =>
        {
            await Grains.GetGrain<IDtUserGrain>($"{Namespace}/{name}").Reconcile(cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>One reconcile of a dtServable, as the watcher does after a kubectl change.</summary>
    public Task ReconcileServableAsync(string name, CancellationToken cancellationToken) =>
        ReconcileAsync(async () =>
        {
            await Grains.GetGrain<IDtServableGrain>($"{Namespace}/{name}").Reconcile(cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>The replicas of other nodes' apps this node holds.</summary>
    public IReadOnlyList<DtApp> Replicas() => [.. Objects.Apps().Where(a => AppObjects.ReadReplica(a) is not null)];

    /// <summary>What the watcher bridge does after a user's change: reconcile, again when asked to, again after a failure.</summary>
    public Task ReconcileDomainAsync(string name, CancellationToken cancellationToken) =>
        ReconcileAsync(() => Grains.GetGrain<IDtDomainGrain>($"{Namespace}/{name}").Reconcile(cancellationToken), cancellationToken);

    public DtDomain? Domain(string name) => Objects.Get<DtDomain>(Namespace, name);

    public DomainView View(string name)
    {
        var domain = Domain(name);
        return new DomainView(domain?.Status, domain is null ? null : DomainAnnotations.ReadMemberList(domain),
            [.. (domain?.Peers ?? []).Order(StringComparer.Ordinal)],
            [.. Objects.Peers().Where(p => p.DtDomain == name).Select(p => p.Metadata.Name!).Order(StringComparer.Ordinal)]);
    }

    /// <summary>Stops the node, as if it died; a second call (the cluster's, after a test stopped it) does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        // Nothing may reach the grains once the runtime stops: the doors close first.
        await _gateway.DisposeAsync();
        await Overlay.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }

    // The watcher bridge's retry: per-object exponential backoff from 5 ms after a failure, the grain's own delay after a success.
    private static async Task ReconcileAsync(Func<Task<TimeSpan?>> reconcile, CancellationToken cancellationToken)
    {
        var backoff = FirstRetry;
        while (true)
        {
            TimeSpan? again;
            try
            {
                again = await reconcile();
                backoff = FirstRetry;
            }
            catch (Exception e) when (e is not OperationCanceledException && backoff < TimeSpan.FromSeconds(5))
            {
                again = backoff;
                backoff *= 2;
            }
            if (again is not { } delay)
            {
                return;
            }
            await Task.Delay(delay, cancellationToken);
        }
    }
}
