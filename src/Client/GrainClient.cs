using Dtaas.Runtime;
using Dtaas.Runtime.Invocation;

namespace Dtaas.Client;

/// <summary>
/// The client SDK: connects to a silo's client endpoint and hands out the same typed grain references a grain gets.
/// Calls travel over HTTP/2 with the bearer token; grain exceptions, timeouts and a refused token surface as exceptions.
/// </summary>
public sealed class GrainClient : IGrainFactory, IAsyncDisposable
{
    private readonly GrainRpcClient _rpc;
    private readonly RemoteGrainFactory _factory;

    private GrainClient(GrainRpcClient rpc, RemoteGrainFactory factory, SiloInfo silo)
    {
        _rpc = rpc;
        _factory = factory;
        Silo = silo;
    }

    /// <summary>The silo this client is connected to.</summary>
    public SiloInfo Silo { get; }

    /// <summary>
    /// Connects and checks the token. Throws <see cref="UnauthorizedAccessException"/> when the silo refuses the token
    /// and <see cref="SiloUnavailableException"/> when nothing answers at the endpoint.
    /// </summary>
    public static async Task<GrainClient> ConnectAsync(GrainClientOptions options, CancellationToken cancellationToken = default)
    {
        var serializer = new GrainSerializer(options.SerializerContexts);
        var interfaces = new GrainInterfaceRegistry();
        var rpc = new GrainRpcClient(serializer, interfaces, new GrainRpcClientOptions
        {
            BearerToken = options.Token,
            CallTimeout = options.CallTimeout,
        });
        try
        {
            var silo = await rpc.GetSiloInfoAsync(options.Endpoint, cancellationToken);
            return new GrainClient(rpc, new RemoteGrainFactory(interfaces, rpc, options.Endpoint, silo.NodeId), silo);
        }
        catch
        {
            rpc.Dispose();
            throw;
        }
    }

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => _factory.GetGrain<TGrain>(key);

    public TGrain GetGrain<TGrain>(string nodeId, string key) where TGrain : IGrainWithStringKey => _factory.GetGrain<TGrain>(nodeId, key);

    public ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        return ValueTask.CompletedTask;
    }
}
