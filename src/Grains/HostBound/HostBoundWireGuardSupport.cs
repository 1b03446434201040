using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.HostBound;

/// <summary>Whether the Lease holder's host can make WireGuard interfaces: that is where they are made.</summary>
public sealed class HostBoundWireGuardSupport(IGrainFactory grains, IHostWorkHolder holder) : IWireGuardSupport
{
    public Task<string?> ProblemAsync(CancellationToken cancellationToken) =>
        grains.HostWorkOfHolder(holder).WireGuardProblem(cancellationToken);
}
