namespace Dtaas.Runtime;

/// <summary>Resolves a node id to the base address of that node's grain-call endpoint (its overlay address in a federation).</summary>
public interface INodeDirectory
{
    bool TryGetAddress(string nodeId, out Uri address);
}
