using System.Collections.Concurrent;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>An overlay that only remembers what it was asked to look like; <see cref="Unavailable"/> stands for a node without WireGuard.</summary>
public sealed class RecordingOverlay : IOverlayNetwork, IWireGuardSupport
{
    public ConcurrentDictionary<Guid, OverlayConfig> Current { get; } = new();

    /// <summary>When set, this node has no working WireGuard backend: every ensure fails with this reason.</summary>
    public string? Unavailable { get; set; }

    public Task EnsureAsync(OverlayConfig config, CancellationToken cancellationToken)
    {
        if (Unavailable is { } reason)
        {
            throw new OverlayUnavailableException(reason);
        }
        Current[config.DomainUid] = config;
        return Task.CompletedTask;
    }

    public Task<string?> ProblemAsync(CancellationToken cancellationToken) => Task.FromResult(Unavailable);

    public Task RemoveAsync(Guid domainUid, CancellationToken cancellationToken)
    {
        Current.TryRemove(domainUid, out _);
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> LastHandshakeAsync(Guid domainUid, string publicKey, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(null);
}
