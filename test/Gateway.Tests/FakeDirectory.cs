using System.Collections.Concurrent;

namespace Dtaas.Gateway.Tests;

/// <summary>An in-memory directory: what the silo would answer from its dtApp grains, set directly by each test.</summary>
internal sealed class FakeDirectory : IAppDirectory
{
    public ConcurrentDictionary<string, AppTarget> ByHost { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>(app id, caller node id) → the app as its origin serves it to that caller.</summary>
    public ConcurrentDictionary<(string AppId, string Caller), OriginApp> Origins { get; } = new();

    public ConcurrentDictionary<string, OverlayIngressAddress> Ingresses { get; } = new();

    public AppTarget? FindByHost(string host) => ByHost.TryGetValue(host, out var target) ? target : null;

    public bool Accepts(Guid domainUid, string nodeId) => true;

    public OriginApp? FindOrigin(string appId, string callerNodeId) => Origins.TryGetValue((appId, callerNodeId), out var app) ? app : null;

    // These tests serve dtApps only: no user logs in here, no servable is known.
    public Task<ServableUser?> UserOfTokenAsync(string token, CancellationToken cancellationToken) => Task.FromResult<ServableUser?>(null);

    public Task<ServableAccess> AuthorizeServableAsync(string servableId, ServableUser user, string? callerNodeId, CancellationToken cancellationToken) =>
        Task.FromResult(ServableAccess.Refused(403, "no servables here"));

    public Task<ServableTarget?> LocateServableAsync(string servableId, ServableUser user, CancellationToken cancellationToken) =>
        Task.FromResult<ServableTarget?>(null);

    public OverlayIngressAddress? OriginIngress(string nodeId) => Ingresses.TryGetValue(nodeId, out var address) ? address : null;
}
