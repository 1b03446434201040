using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.HostBound;

/// <summary>
/// Federation calls leave from the Lease holder's host: the overlay address other members know this node by is there
/// (DESIGN.md 2.3), so a grain on another silo of the node sends its call through that silo, as it is (any call of the
/// proto, request and answer as bytes).
/// </summary>
public sealed class HostBoundFederationClient(IGrainFactory grains, IHostWorkHolder holder) : IFederationClient
{
    public Task<byte[]> CallAsync(string nodeId, Guid domainUid, string method, byte[] request, CancellationToken cancellationToken) =>
        grains.HostWorkOfHolder(holder).Federate(nodeId, domainUid, method, request, cancellationToken);
}
