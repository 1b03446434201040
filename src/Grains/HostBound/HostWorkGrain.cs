using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.HostBound;

/// <summary>
/// Runs host-bound work with this host's own ports (registered under <see cref="HostWork.Key"/>). Placed on the Lease
/// holder, so it dies with it and the next call activates it where the Lease went; it holds no state of its own, and
/// the grains put their overlays and pods back in place on the new host as the new leader reconciles every object.
/// Reentrant: calls to different members and pods must not wait for each other.
/// </summary>
[Reentrant, LeaseHolderPlacement]
public sealed class HostWorkGrain(
    [FromKeyedServices(HostWork.Key)] IWireGuardSupport wireGuard,
    [FromKeyedServices(HostWork.Key)] IOverlayNetwork overlay,
    [FromKeyedServices(HostWork.Key)] IPodInterfaces pods,
    [FromKeyedServices(HostWork.Key)] IFederationClient federation) : Grain, IHostWorkGrain
{
    public Task<string?> WireGuardProblem(CancellationToken cancellationToken) => wireGuard.ProblemAsync(cancellationToken);

    public Task EnsureOverlay(OverlayConfig config, CancellationToken cancellationToken) => overlay.EnsureAsync(config, cancellationToken);

    public Task RemoveOverlay(Guid domainUid, CancellationToken cancellationToken) => overlay.RemoveAsync(domainUid, cancellationToken);

    public Task<DateTimeOffset?> OverlayHandshake(Guid domainUid, string publicKey, CancellationToken cancellationToken) =>
        overlay.LastHandshakeAsync(domainUid, publicKey, cancellationToken);

    public Task<PodNetns?> FindPod(string podName, CancellationToken cancellationToken) => pods.FindPodAsync(podName, cancellationToken);

    public Task EnsurePodInterface(PodInterfaceConfig config, CancellationToken cancellationToken) => pods.EnsureAsync(config, cancellationToken);

    public Task RemovePodInterface(string interfaceName, PodNetns pod, CancellationToken cancellationToken) =>
        pods.RemoveAsync(interfaceName, pod, cancellationToken);

    public Task<DateTimeOffset?> PodHandshake(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken) =>
        pods.LastHandshakeAsync(interfaceName, pod, publicKey, cancellationToken);

    public Task<byte[]> Federate(string nodeId, Guid domainUid, string method, byte[] request, CancellationToken cancellationToken) =>
        federation.CallAsync(nodeId, domainUid, method, request, cancellationToken);
}
