using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.HostBound;

/// <summary>The domain overlays, kept on the Lease holder's host.</summary>
public sealed class HostBoundOverlay(IGrainFactory grains, IHostWorkHolder holder) : IOverlayNetwork
{
    private IHostWorkGrain Host => grains.HostWorkOfHolder(holder);

    public Task EnsureAsync(OverlayConfig config, CancellationToken cancellationToken) => Host.EnsureOverlay(config, cancellationToken);

    public Task RemoveAsync(Guid domainUid, CancellationToken cancellationToken) => Host.RemoveOverlay(domainUid, cancellationToken);

    public Task<DateTimeOffset?> LastHandshakeAsync(Guid domainUid, string publicKey, CancellationToken cancellationToken) =>
        Host.OverlayHandshake(domainUid, publicKey, cancellationToken);
}
