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

    /// <summary>
    /// The grain keys (<c>namespace/name</c>) of the node's objects of <paramref name="kind"/>, its plural resource name:
    /// <c>dtdomains</c>, <c>dtpeers</c>, <c>dtapps</c>, <c>dtservices</c>, <c>dtservables</c>, <c>dtusers</c> or
    /// <c>dttrusts</c>; another name is an <see cref="ArgumentException"/> saying which are known.
    /// </summary>
    [Alias("ListObjects")]
    Task<IReadOnlyList<string>> ListObjects(string kind);
}
