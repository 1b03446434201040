using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Services;

/// <summary>
/// A dtService (DESIGN.md 2.5): this node's pod on the network of that name in the selected domain. The grain checks
/// the domain and the pod, asks the domain's registry (on the creator) for the pod's place — the first pod of a name
/// makes the network and serves it — builds the pod's WireGuard interface through <see cref="IPodInterfaces"/>, and
/// writes the seed's fields: <c>peers</c> on every node, <c>spec.server</c> on clients, <c>status</c>. The last state
/// of the network is kept on the object, so a restarted node carries on while the creator is away.
/// </summary>
public sealed class DtServiceGrain(
    NodeDescription node,
    FederationSettings settings,
    IPodInterfaces pods,
    IWireGuardSupport wireGuard,
    IPodKeys keys,
    ILocalObjects objects,
    IEventRecorder events,
    IFederationClient federation,
    [FromKeyedServices(GrainClock.Key)] TimeProvider clock,
    ILogger<DtServiceGrain> logger,
    IObjectWriter writer,
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtService> service) : Grain, IDtServiceGrain
{
    public const string Finalizer = "sid.sightlineinnovation.com/dtservice";

    private const int ClientKeepaliveSeconds = 25;
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(10);

    private readonly ServerHealth _health = new(objects, pods, clock);
    private PodNetns? _pod; // the pod the network was last applied to, for the server watch
    private string? _joined; // what this activation last joined with (domain, pod, key): asking again changes nothing

    private string Key => this.GetPrimaryKeyString();

    private string Name => ObjectKey.Parse(Key).Name;

    private NetworkRegistryRoute Registry => new(GrainFactory, federation, node, ObjectKey.Parse(Key));

    public Task<DtService?> Get() => Task.FromResult(objects.Find<DtService>(this.GetPrimaryKeyString()));

    public Task<ObjectWrite<DtService>> Apply(DtService desired, CancellationToken cancellationToken) =>
        UserWrites.ApplyAsync(writer, this.GetPrimaryKeyString(), desired, objects.Find<DtService>(this.GetPrimaryKeyString()),
            (service, user) => service with { Spec = user.Spec }, cancellationToken);

    public Task<ObjectWrite<DtService>> Delete(CancellationToken cancellationToken) =>
        UserWrites.DeleteAsync<DtService>(writer, this.GetPrimaryKeyString(), cancellationToken);

    public async Task<TimeSpan?> Reconcile(CancellationToken cancellationToken)
    {
        await service.ReadStateAsync(cancellationToken);
        if (!service.RecordExists)
        {
            DeactivateOnIdle();
            return null;
        }
        if (service.State.Metadata.DeletionTimestamp is not null)
        {
            await LeaveAsync(cancellationToken);
            return null;
        }
        var spec = service.State.Spec;
        if (string.IsNullOrWhiteSpace(spec?.DomainSelector))
        {
            return await FailAsync("spec.domainSelector is empty: name the dtDomain whose members share the network", cancellationToken);
        }
        if (string.IsNullOrWhiteSpace(spec.PodSelector))
        {
            return await FailAsync("spec.podSelector is empty: name the pod that joins the network", cancellationToken);
        }
        if (await wireGuard.ProblemAsync(cancellationToken) is { } noWireGuard)
        {
            await FailAsync(noWireGuard, cancellationToken);
            return Retry; // recovers by itself once the backend works
        }
        // A domain joined, or a pod started, later changes nothing this object sees: look again every little while.
        if (Domain(spec.DomainSelector) is not { } domain)
        {
            await LeftDomainAsync(spec.PodSelector, cancellationToken);
            await FailAsync(DomainProblem(spec.DomainSelector), cancellationToken);
            return Retry;
        }
        if (await pods.FindPodAsync(spec.PodSelector, cancellationToken) is not { } pod)
        {
            await FailAsync($"pod {spec.PodSelector} not found in this node's namespace", cancellationToken);
            return Retry;
        }
        if (ServiceProjection.Held(service.State) is { Dissolved: true } gone && gone.DomainUid == domain.Uid)
        {
            return null; // the server left: this object stays Failed until the user makes it anew (its message says so)
        }
        var identity = keys.For(domain.Uid, Name);
        var joined = $"{domain.Uid}/{pod.Netns}/{identity.PublicKey}";
        if (_joined == joined && ServiceProjection.Held(service.State) is { Dissolved: false } current && current.DomainUid == domain.Uid)
        {
            // Woken by a write (often our own): the registry pushes every change, so the state held is current.
            await ApplyAsync(current, pod, identity, cancellationToken);
            return null;
        }
        await KeepAsync(cancellationToken);
        var join = new NetworkJoin(Name, identity.PublicKey, OverlayEndpoint.Endpoint(settings.PublicHost, ServiceUdpPort.Of(service.State)));
        NetworkAnswer answer;
        try
        {
            answer = await Registry.JoinAsync(domain, join, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var creator = domain.MemberList.Find(domain.MemberList.CreatorNodeId)!.Name;
            if (ServiceProjection.Held(service.State) is { Dissolved: false } held && held.DomainUid == domain.Uid && held.Find(node.Id) is not null)
            {
                // Keep the pod on the network as it was; the registry is asked again later.
                await ApplyAsync(held, pod, identity, cancellationToken);
                logger.LogWarning("dtService {Service}: cannot reach the domain's creator {Creator}; kept the network as it was: {Reason}", Key, creator, e.Message);
                return Retry;
            }
            await FailAsync($"cannot reach the domain's creator {creator} to join the network: {e.Message}; trying again every {Retry.TotalSeconds:0} s", cancellationToken);
            return Retry;
        }
        if (answer.Network is not { } network)
        {
            return await FailAsync($"the domain's registry refused: {answer.Refusal}", cancellationToken);
        }
        await ApplyAsync(network, pod, identity, cancellationToken);
        _joined = joined;
        return null;
    }

    public async Task ApplyNetwork(ServiceNetwork network, CancellationToken cancellationToken)
    {
        await service.ReadStateAsync(cancellationToken);
        if (!service.RecordExists || service.State.Metadata.DeletionTimestamp is not null || !network.Supersedes(ServiceProjection.Held(service.State)) ||
            Domain(service.State.Spec?.DomainSelector)?.Uid != network.DomainUid)
        {
            return; // not (or no longer) this node's network, or an older state
        }
        if (await pods.FindPodAsync(service.State.Spec!.PodSelector ?? "", cancellationToken) is not { } pod)
        {
            await FailAsync($"pod {service.State.Spec.PodSelector} not found in this node's namespace", cancellationToken);
            return;
        }
        await ApplyAsync(network, pod, keys.For(network.DomainUid, Name), cancellationToken);
    }

    /// <summary>Puts the pod's interface and the object in line with <paramref name="network"/>.</summary>
    private async Task ApplyAsync(ServiceNetwork network, PodNetns pod, PodIdentity identity, CancellationToken cancellationToken)
    {
        var self = network.Find(node.Id);
        if (network.Dissolved || self is null)
        {
            await pods.RemoveAsync(identity.InterfaceName, pod, cancellationToken);
            var why = network.Dissolved
                ? $"server left: the network's server (node {network.Server?.NodeId}) deleted its dtService, so network {network.Name} is gone; delete and apply this dtService again to start a new one"
                : "this pod is no longer on the network";
            await FailAsync(why, cancellationToken, held: network);
            return;
        }
        bool serving = self.Role == NetworkRole.Server;
        _pod = pod;
        var server = network.Server!;
        var peers = serving
            ? network.Peers.Where(p => p != self).Select(p => new PodPeer(p.PublicKey, null, [$"{p.Address}/32"], null)).ToList()
            : [new PodPeer(server.PublicKey, server.Endpoint, [network.Subnet], ClientKeepaliveSeconds)];
        await pods.EnsureAsync(new PodInterfaceConfig(identity.InterfaceName, pod, identity.PrivateKey, serving ? ServiceUdpPort.Of(service.State) : null,
            $"{self.Address}/{network.PrefixLength}", serving, peers), cancellationToken);

        var unreachable = serving ? null : await _health.ProblemAsync(network, pod, identity, cancellationToken);
        if (!serving)
        {
            // A client keeps an eye on its server: Failed while it cannot be reached, Connected again once it can.
            _health.Watch(() => this.RegisterGrainTimer(WatchServerAsync, settings.ProbeInterval * 2, settings.ProbeInterval * 2));
        }
        var observed = service.State;
        var desired = ServiceProjection.OnNetwork(observed, network, serving, unreachable);
        if (desired.SameAs(observed))
        {
            return;
        }
        if (unreachable is not null)
        {
            await WriteAsync(desired, cancellationToken);
            if (observed.Message != unreachable)
            {
                logger.LogWarning("dtService {Service}: Failed: {Message}", Key, unreachable);
                await events.RecordAsync(desired, EventKind.Warning, "ServerUnreachable", unreachable, cancellationToken);
            }
            return;
        }
        bool connected = observed.Status != DtServiceStatus.Connected;
        await WriteAsync(desired, cancellationToken);
        logger.LogInformation("dtService {Service}: pod {Pod} is the {Role} of network {Network} ({Subnet}) at {Address}; {Count} pods, version {Version}",
            Key, pod.PodName, self.Role, network.Name, network.Subnet, self.Address, network.Peers.Count, network.Version);
        if (connected)
        {
            await events.RecordAsync(desired, EventKind.Normal, "Connected",
                $"Pod {pod.PodName} is the {self.Role} of network {network.Name} at {self.Address} ({network.Subnet}).", cancellationToken);
        }
    }

    /// <summary>Every few seconds on a client: the status follows whether the server can be reached; nothing else is redone.</summary>
    private async Task WatchServerAsync(CancellationToken cancellationToken)
    {
        await service.ReadStateAsync(cancellationToken);
        var observed = service.State;
        if (!service.RecordExists || observed.Metadata.DeletionTimestamp is not null || ServiceProjection.Held(observed) is not { Dissolved: false } held ||
            held.Find(node.Id) is not { Role: NetworkRole.Client } || _pod is not { } pod)
        {
            _health.Stop();
            return;
        }
        var identity = keys.For(held.DomainUid, Name);
        var unreachable = await _health.ProblemAsync(held, pod, identity, cancellationToken);
        bool wasUnreachable = observed.Status == DtServiceStatus.Failed && observed.Message?.StartsWith(ServerHealth.Unreachable, StringComparison.Ordinal) == true;
        if (unreachable is not null && observed.Message != unreachable || unreachable is null && wasUnreachable)
        {
            await ApplyAsync(held, pod, identity, cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _health.Stop();
        return Task.CompletedTask;
    }

    /// <summary>The object is being deleted: the pod leaves the network (the server's leaving dissolves it) and its interface goes.</summary>
    private async Task LeaveAsync(CancellationToken cancellationToken)
    {
        var observed = service.State;
        if (!observed.Metadata.HasFinalizer(Finalizer))
        {
            return;
        }
        var held = ServiceProjection.Held(observed);
        var domain = Domain(observed.Spec?.DomainSelector);
        if (held is { Dissolved: false } && domain is not null && domain.Uid == held.DomainUid && held.Find(node.Id) is not null)
        {
            try
            {
                await Registry.LeaveAsync(domain, cancellationToken);
                logger.LogInformation("dtService {Service}: left network {Network}", Key, Name);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("dtService {Service}: could not tell the domain's registry that the pod leaves: {Reason}", Key, e.Message);
            }
        }
        var uid = held?.DomainUid ?? domain?.Uid;
        if (uid is { } domainUid && observed.Spec?.PodSelector is { Length: > 0 } podName && await pods.FindPodAsync(podName, cancellationToken) is { } pod)
        {
            await pods.RemoveAsync(keys.For(domainUid, Name).InterfaceName, pod, cancellationToken);
        }
        await WriteAsync(service.State with { Metadata = service.State.Metadata.WithFinalizer(Finalizer, present: false) }, cancellationToken);
        DeactivateOnIdle();
    }

    /// <summary>
    /// This node is no longer in the domain (removed, left, dissolved): the registry has taken its pod off, so the
    /// interface goes too, and the network state held is forgotten (a later join gets a place anew).
    /// </summary>
    private async Task LeftDomainAsync(string podName, CancellationToken cancellationToken)
    {
        if (ServiceProjection.Held(service.State) is not { } held)
        {
            return;
        }
        if (await pods.FindPodAsync(podName, cancellationToken) is { } pod)
        {
            await pods.RemoveAsync(keys.For(held.DomainUid, Name).InterfaceName, pod, cancellationToken);
        }
        _joined = null;
        await WriteAsync(ServiceProjection.OffNetwork(service.State), cancellationToken);
        logger.LogInformation("dtService {Service}: this node left the network's domain; pod {Pod} is off network {Network}", Key, podName, held.Name);
    }

    /// <summary>The finalizer (so deletion always takes the pod off the network) and the listen port, before joining.</summary>
    private async Task KeepAsync(CancellationToken cancellationToken)
    {
        var observed = service.State;
        var desired = observed.Metadata.HasFinalizer(Finalizer) ? observed : observed with { Metadata = observed.Metadata.WithFinalizer(Finalizer, present: true) };
        desired = ServiceUdpPort.Chosen(desired, objects, node.Id);
        if (!ReferenceEquals(desired, observed))
        {
            await WriteAsync(desired, cancellationToken);
        }
    }

    private SharingDomain? Domain(string? name) =>
        name is null ? null : SharingDomain.Of(objects.Domains(), objects.Peers(), node.Id).FirstOrDefault(d => d.Name == name);

    private string DomainProblem(string name) =>
        objects.Domains().FirstOrDefault(d => d.Metadata.Name == name) is { } found
            ? $"dtDomain {name} is {found.Status ?? "not ready"}: this node is not a member of it yet{(found.Message is null ? "" : $" ({found.Message})")}"
            : $"dtDomain {name} not found on this node: create or join it first";

    private async Task<TimeSpan?> FailAsync(string message, CancellationToken cancellationToken, ServiceNetwork? held = null)
    {
        var observed = service.State;
        var desired = ServiceProjection.Failed(observed, message, held);
        if (!desired.SameAs(observed))
        {
            await WriteAsync(desired, cancellationToken);
            if (observed.Message != message)
            {
                logger.LogWarning("dtService {Service}: Failed: {Message}", Key, message);
                await events.RecordAsync(desired, EventKind.Warning, "Failed", message, cancellationToken);
            }
        }
        return null;
    }

    private async Task WriteAsync(DtService desired, CancellationToken cancellationToken)
    {
        service.State = desired;
        await service.WriteStateAsync(cancellationToken);
    }
}
