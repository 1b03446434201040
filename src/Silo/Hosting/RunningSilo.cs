using Dtaas.Silo.Identity;

namespace Dtaas.Silo.Hosting;

/// <summary>A started silo: where it listens and who it is. Disposing stops it gracefully, in reverse start order.</summary>
public sealed class RunningSilo : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _resources;

    internal RunningSilo(Stack<IAsyncDisposable> resources, NodeIdentity node, DataDirectory data, string clientToken,
        Uri clientEndpoint, Uri gateway, Uri? metrics, KubernetesConnection kubernetes, IServiceProvider services)
    {
        _resources = resources;
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

    public ValueTask DisposeAsync() => new(DisposeAllAsync(_resources));

    internal static async Task DisposeAllAsync(Stack<IAsyncDisposable> resources)
    {
        while (resources.TryPop(out var resource))
        {
            await resource.DisposeAsync();
        }
    }
}
