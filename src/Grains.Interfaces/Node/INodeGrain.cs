using Orleans;

namespace Dtaas.Grains.Interfaces.Node;

/// <summary>This node as a grain (key <see cref="Self"/>): who it is and how long it has run. What SDK clients ask first.</summary>
[Alias("dtaas.NodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>The key of the node grain on every silo.</summary>
    const string Self = "self";

    [Alias("GetInfo")]
    Task<NodeInfo> GetInfo();
}
