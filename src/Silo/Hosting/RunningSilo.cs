using Dtaas.Silo.Identity;
using Microsoft.Extensions.Hosting;

namespace Dtaas.Silo.Hosting;

/// <summary>A started silo: where it listens and who it is. Disposing stops it gracefully (grains deactivate).</summary>
public sealed class RunningSilo : IAsyncDisposable
{
    private readonly IHost _core;
    private readonly IReadOnlyList<IAsyncDisposable> _listeners;

    internal RunningSilo(IHost core, IReadOnlyList<IAsyncDisposable> listeners, NodeIdentity node, DataDirectory data,
        string clientToken, Uri clientEndpoint, Uri gateway)
    {
        _core = core;
        _listeners = listeners;
        Node = node;
        Data = data;
        ClientToken = clientToken;
        ClientEndpoint = clientEndpoint;
        Gateway = gateway;
    }

    public NodeIdentity Node { get; }
    public DataDirectory Data { get; }
    public string ClientToken { get; }
    public Uri ClientEndpoint { get; }
    public Uri Gateway { get; }
    public IServiceProvider Services => _core.Services;

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners.Reverse())
        {
            await listener.DisposeAsync();
        }
        await _core.StopAsync();
        _core.Dispose();
    }
}
