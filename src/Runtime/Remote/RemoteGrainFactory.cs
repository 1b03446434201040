using Dtaas.Runtime.Invocation;

namespace Dtaas.Runtime;

/// <summary>
/// The grain factory of a process that hosts no grains (the client SDK): every reference calls the silo at
/// <paramref name="silo"/>; references to another node ask that silo to relay the call.
/// </summary>
public sealed class RemoteGrainFactory(GrainInterfaceRegistry interfaces, GrainRpcClient rpc, Uri silo, string siloNodeId) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey => Create<TGrain>(key, forwardTo: null);

    public TGrain GetGrain<TGrain>(string nodeId, string key) where TGrain : IGrainWithStringKey =>
        Create<TGrain>(key, nodeId == siloNodeId ? null : nodeId);

    private TGrain Create<TGrain>(string key, string? forwardTo)
    {
        var grainInterface = interfaces.Get(typeof(TGrain));
        return GrainProxy.Create<TGrain>(grainInterface, new RemoteGrainReference(rpc, () => silo, new GrainId(grainInterface.Name, key), forwardTo));
    }
}
