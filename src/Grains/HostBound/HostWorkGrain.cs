using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.HostBound;

/// <summary>
/// Runs host-bound work with this host's own ports (registered under <see cref="HostWork.Key"/>). Keyed by the Lease
/// holder's identity and placed on its silo, so each holder has its own and callers move to the new one as soon as
/// they see the Lease move; it holds no state of its own, and the grains put their overlays and pods back in place on
/// the new host as the new leader reconciles every object. Reentrant: calls to different members and pods must not
/// wait for each other. While this host's <see cref="IHostWorkGate"/> is closed (its replica no longer leads) it
/// refuses every call (a caller that has not seen the new holder yet) and deactivates.
/// </summary>
[Reentrant, LeaseHolderPlacement]
public sealed class HostWorkGrain(
    IHostWorkGate gate,
    [FromKeyedServices(HostWork.Key)] IWireGuardSupport wireGuard,
    [FromKeyedServices(HostWork.Key)] IOverlayNetwork overlay,
    [FromKeyedServices(HostWork.Key)] IPodInterfaces pods,
    [FromKeyedServices(HostWork.Key)] IFederationClient federation) : Grain, IHostWorkGrain
{
    public Task<string?> WireGuardProblem(CancellationToken cancellationToken) => Admit(() => wireGuard.ProblemAsync(cancellationToken));

    public Task EnsureOverlay(OverlayConfig config, CancellationToken cancellationToken) => Admit(() => overlay.EnsureAsync(config, cancellationToken));

    public Task RemoveOverlay(Guid domainUid, CancellationToken cancellationToken) => Admit(() => overlay.RemoveAsync(domainUid, cancellationToken));

    public Task<DateTimeOffset?> OverlayHandshake(Guid domainUid, string publicKey, CancellationToken cancellationToken) =>
        Admit(() => overlay.LastHandshakeAsync(domainUid, publicKey, cancellationToken));

    public Task<PodNetns?> FindPod(string podName, CancellationToken cancellationToken) => Admit(() => pods.FindPodAsync(podName, cancellationToken));

    public Task EnsurePodInterface(PodInterfaceConfig config, CancellationToken cancellationToken) => Admit(() => pods.EnsureAsync(config, cancellationToken));

    public Task RemovePodInterface(string interfaceName, PodNetns pod, CancellationToken cancellationToken) =>
        Admit(() => pods.RemoveAsync(interfaceName, pod, cancellationToken));

    public Task<DateTimeOffset?> PodHandshake(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken) =>
        Admit(() => pods.LastHandshakeAsync(interfaceName, pod, publicKey, cancellationToken));

    public Task<byte[]> Federate(string nodeId, Guid domainUid, string method, byte[] request, CancellationToken cancellationToken) =>
        Admit(() => federation.CallAsync(nodeId, domainUid, method, request, cancellationToken));

    private Task<T> Admit<T>(Func<Task<T>> work) => gate.IsOpen ? work() : Task.FromException<T>(Refuse());

    private Task Admit(Func<Task> work) => gate.IsOpen ? work() : Task.FromException(Refuse());

    private OverlayUnavailableException Refuse()
    {
        DeactivateOnIdle();
        return new OverlayUnavailableException($"replica {RuntimeIdentity} no longer holds the node's Lease; host-bound work moves to the replica that takes it");
    }
}
