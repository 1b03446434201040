using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dtaas.Grains.Ports;

namespace Dtaas.Federation.Harness;

/// <summary>
/// A node's pods without namespaces: the pods a test says exist, and each pod interface as the grains last asked for
/// it. Keys are derived like the silo's (stable per node and network) but need no X25519: only their shape matters.
/// </summary>
public sealed class RecordingPods(string nodeId) : IPodInterfaces, IPodKeys
{
    private readonly ConcurrentDictionary<string, bool> _pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PodInterfaceConfig> _interfaces = new(StringComparer.Ordinal);

    /// <summary>The interfaces as they are now, by interface name.</summary>
    public IReadOnlyDictionary<string, PodInterfaceConfig> Interfaces => _interfaces;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _handshakes = new(StringComparer.Ordinal);

    public void AddPod(string name) => _pods[name] = true;

    /// <summary>The last handshake the interfaces report with <paramref name="publicKey"/> (default: just now).</summary>
    public void SetLastHandshake(string publicKey, DateTimeOffset at) => _handshakes[publicKey] = at;

    public Task<PodNetns?> FindPodAsync(string podName, CancellationToken cancellationToken) =>
        Task.FromResult(_pods.ContainsKey(podName) ? new PodNetns(podName, $"pod-{podName}") : null);

    public Task EnsureAsync(PodInterfaceConfig config, CancellationToken cancellationToken)
    {
        _interfaces[config.InterfaceName] = config;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string interfaceName, PodNetns pod, CancellationToken cancellationToken)
    {
        _interfaces.TryRemove(interfaceName, out _);
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> LastHandshakeAsync(string interfaceName, PodNetns pod, string publicKey, CancellationToken cancellationToken) =>
        Task.FromResult<DateTimeOffset?>(_interfaces.ContainsKey(interfaceName) ? _handshakes.GetValueOrDefault(publicKey, DateTimeOffset.UtcNow) : null);

    public PodIdentity For(Guid domainUid, string network)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"{nodeId}/{domainUid}/{network}"));
        return new PodIdentity("dt" + Convert.ToHexStringLower(seed.AsSpan(0, 5)), Convert.ToBase64String(seed), Convert.ToBase64String(SHA256.HashData(seed)));
    }
}
