using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>A single node's view of the federation: no other member can be reached, so every call fails as an unreachable node's would.</summary>
public sealed class UnreachableFederation : IFederationClient
{
    /// <summary>When each probe was sent (<see cref="System.Diagnostics.Stopwatch"/> ticks), in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<long> Probes { get; } = new();

    public Task<byte[]> CallAsync(string nodeId, Guid domainUid, string method, byte[] request, CancellationToken cancellationToken)
    {
        if (method == "Probe")
        {
            Probes.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
        }
        return Task.FromException<byte[]>(new FederationCallException($"Cannot reach node {nodeId}: no other node in this test"));
    }
}
