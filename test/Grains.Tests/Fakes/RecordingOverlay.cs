using System.Collections.Concurrent;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>An overlay that only remembers what it was asked to look like.</summary>
public sealed class RecordingOverlay : IOverlayNetwork
{
    public ConcurrentDictionary<Guid, OverlayConfig> Current { get; } = new();

    public Task EnsureAsync(OverlayConfig config, CancellationToken cancellationToken)
    {
        Current[config.DomainUid] = config;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(Guid domainUid, CancellationToken cancellationToken)
    {
        Current.TryRemove(domainUid, out _);
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> LastHandshakeAsync(Guid domainUid, string publicKey, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(null);
}
