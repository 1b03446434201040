using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.HostBound;

/// <summary>
/// The work of a node that is tied to one host, done on the silo that holds the node's Lease (key: that replica's Lease identity, see <see cref="IHostWorkHolder"/>):
/// the domain overlays with their listeners, the pods' interfaces, and federation calls, which leave from the overlay
/// address of that host. Grains on any silo of the node reach it through the <c>HostBound*</c> ports.
/// </summary>
[Alias("dtaas.HostWorkGrain")]
public interface IHostWorkGrain : IGrainWithStringKey
{
    [Alias("WireGuardProblem")] Task<string?> WireGuardProblem(CancellationToken cancellationToken);

    [Alias("EnsureOverlay")] Task EnsureOverlay(OverlayConfig config, CancellationToken cancellationToken);
    [Alias("RemoveOverlay")] Task RemoveOverlay(Guid domainUid, CancellationToken cancellationToken);
    [Alias("OverlayHandshake")] Task<DateTimeOffset?> OverlayHandshake(Guid domainUid, string publicKey, CancellationToken cancellationToken);

    [Alias("FindPod")] Task<PodNetns?> FindPod(string podName, CancellationToken cancellationToken);
    [Alias("EnsurePodInterface")] Task EnsurePodInterface(PodInterfaceConfig config, CancellationToken cancellationToken);
    [Alias("RemovePodInterface")] Task RemovePodInterface(string interfaceName, PodNetns pod, CancellationToken cancellationToken);
    [Alias("PodHandshake")] Task<DateTimeOffset?> PodHandshake(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken);

    /// <summary>Sends a federation call from this host (<see cref="Ports.IFederationClient"/>): request and answer are the proto's bytes.</summary>
    [Alias("Federate")] Task<byte[]> Federate(string nodeId, Guid domainUid, string method, byte[] request, CancellationToken cancellationToken);
}
