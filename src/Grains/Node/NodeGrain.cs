using System.Reflection;
using Dtaas.Grains.Interfaces.Node;
using Orleans;

namespace Dtaas.Grains.Node;

/// <summary>Reports this node's identity; the values come from the silo's <see cref="NodeDescription"/>.</summary>
public sealed class NodeGrain(NodeDescription node) : Grain, INodeGrain
{
    private static readonly string Version =
        typeof(NodeGrain).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public Task<NodeInfo> GetInfo() => Task.FromResult(new NodeInfo(node.Id, node.Name, Version, node.StartedAt));
}
