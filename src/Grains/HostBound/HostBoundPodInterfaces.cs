using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.HostBound;

/// <summary>The pods' interfaces, made from the Lease holder's host (where their UDP sockets stay).</summary>
public sealed class HostBoundPodInterfaces(IGrainFactory grains, IHostWorkHolder holder) : IPodInterfaces
{
    private IHostWorkGrain Host => grains.HostWorkOfHolder(holder);

    public Task<PodNetns?> FindPodAsync(string podName, CancellationToken cancellationToken) => Host.FindPod(podName, cancellationToken);

    public Task EnsureAsync(PodInterfaceConfig config, CancellationToken cancellationToken) => Host.EnsurePodInterface(config, cancellationToken);

    public Task RemoveAsync(string interfaceName, PodNetns pod, CancellationToken cancellationToken) =>
        Host.RemovePodInterface(interfaceName, pod, cancellationToken);

    public Task<DateTimeOffset?> LastHandshakeAsync(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken) =>
        Host.PodHandshake(interfaceName, pod, publicKey, cancellationToken);
}
