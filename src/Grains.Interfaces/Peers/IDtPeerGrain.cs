using Dtaas.Runtime;

namespace Dtaas.Grains.Interfaces.Peers;

/// <summary>
/// One dtPeer object (key <c>namespace/node-id</c>): a remote member as this node sees it. The local dtDomain grain
/// says which members exist (<see cref="Track"/>, <see cref="Forget"/>); the grain probes the member over the overlay
/// and writes <c>connected</c> and <c>latency</c>; the watcher bridge calls <see cref="Reconcile"/> when a user
/// changes or deletes the object.
/// </summary>
public interface IDtPeerGrain : IGrainWithStringKey
{
    Task Track(PeerAssignment assignment, CancellationToken cancellationToken);

    /// <summary>The member left the domain (or the domain is gone): delete the object and stop probing.</summary>
    Task Forget(CancellationToken cancellationToken);

    Task Reconcile(CancellationToken cancellationToken);
}
