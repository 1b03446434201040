namespace Dtaas.Runtime;

/// <summary>Hands out typed references to grains. References are cheap; the grain activates on its first call.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain with this key on this node (or, for an SDK client, on the silo it is connected to).</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;

    /// <summary>A reference to the grain with this key on the node <paramref name="nodeId"/>.</summary>
    TGrain GetGrain<TGrain>(string nodeId, string key) where TGrain : IGrainWithStringKey;
}
