namespace Dtaas.Grains.Interfaces.Node;

/// <summary>
/// The Orleans cluster of one node. Its ids derive from the node id, so the silos of two nodes can never form one
/// cluster (an Orleans client gateway admits a connection only when the cluster id in its preamble matches), and an SDK
/// client that knows the node id knows which cluster to name.
/// </summary>
public static class NodeCluster
{
    public static string ClusterId(string nodeId) => $"dtaas-{nodeId}";

    public static string ServiceId(string nodeId) => $"dtaas-{nodeId}";
}
