using Dtaas.Runtime.Activations;
using Dtaas.Runtime.Invocation;

namespace Dtaas.Runtime;

/// <summary>A silo's grain factory: local references call activations directly, references to other nodes go over HTTP/2.</summary>
internal sealed class GrainFactory(
    Catalog catalog, GrainInterfaceRegistry interfaces, GrainClassRegistry classes,
    GrainRpcClient rpc, INodeDirectory nodes, GrainRuntimeOptions options) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        var grainInterface = interfaces.Get(typeof(TGrain));
        classes.Get(grainInterface.Name); // fail here, not at the first call, when nothing implements it
        return GrainProxy.Create<TGrain>(grainInterface, new LocalGrainReference(catalog, new GrainId(grainInterface.Name, key)));
    }

    public TGrain GetGrain<TGrain>(string nodeId, string key) where TGrain : IGrainWithStringKey
    {
        if (nodeId == options.NodeId)
        {
            return GetGrain<TGrain>(key);
        }
        var grainInterface = interfaces.Get(typeof(TGrain));
        Uri Resolve() => nodes.TryGetAddress(nodeId, out var address)
            ? address
            : throw new SiloUnavailableException($"Node {nodeId} is not known to this silo.");
        return GrainProxy.Create<TGrain>(grainInterface, new RemoteGrainReference(rpc, Resolve, new GrainId(grainInterface.Name, key)));
    }
}
