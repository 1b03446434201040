using Dtaas.Gateway;
using Dtaas.Silo.Identity;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// A started silo: where it listens and who it is. Disposing stops it gracefully: /healthz says "stopping", every
/// listener stops taking connections at once and lets its requests in flight finish (for the drain time), then the
/// rest stops in reverse start order (the Lease released, the grains deactivated).
/// </summary>
public sealed class RunningSilo : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _resources;
    private readonly IReadOnlyList<KestrelListener> _listeners;
    private readonly NodeReadiness _readiness;
    private readonly TimeSpan _drain;
    private readonly StopProgress _progress;

    internal RunningSilo(Stack<IAsyncDisposable> resources, IReadOnlyList<KestrelListener> listeners, NodeReadiness readiness, TimeSpan drain,
        StopProgress progress, NodeIdentity node, DataDirectory data, string clientToken,
        Uri clientEndpoint, Uri gateway, Uri? metrics, KubernetesConnection kubernetes, IServiceProvider services)
    {
        _resources = resources;
        _listeners = listeners;
        _readiness = readiness;
        _drain = drain;
        _progress = progress;
        Node = node;
        Data = data;
        ClientToken = clientToken;
        ClientEndpoint = clientEndpoint;
        Gateway = gateway;
        Metrics = metrics;
        Kubernetes = kubernetes;
        Services = services;
    }

    public NodeIdentity Node { get; }
    public DataDirectory Data { get; }
    public string ClientToken { get; }
    public Uri ClientEndpoint { get; }
    public Uri Gateway { get; }

    /// <summary>Where Prometheus scrapes, or null when <c>--metrics-listen</c> is off.</summary>
    public Uri? Metrics { get; }
    public KubernetesConnection Kubernetes { get; }
    public IServiceProvider Services { get; }

    public async ValueTask DisposeAsync()
    {
        _readiness.Stopping();
        _progress.Enter($"draining requests in flight (up to {_drain.TotalSeconds:0} s)");
        using (var drain = new CancellationTokenSource(_drain))
        {
            await Task.WhenAll(_listeners.Select(listener => listener.StopAsync(drain.Token)));
        }
        await DisposeAllAsync(_resources, _progress);
    }

    internal static async Task DisposeAllAsync(Stack<IAsyncDisposable> resources, StopProgress progress)
    {
        while (resources.TryPop(out var resource))
        {
            progress.Enter(resource);
            await resource.DisposeAsync();
        }
        progress.Enter("stopped");
    }
}
