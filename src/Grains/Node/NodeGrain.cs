using System.Reflection;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Ports;
using Orleans;

namespace Dtaas.Grains.Node;

/// <summary>Reports this node's identity (from the silo's <see cref="NodeDescription"/>) and the keys of its objects (from the informer caches).</summary>
public sealed class NodeGrain(NodeDescription node, ILocalObjects objects) : Grain, INodeGrain
{
    private static readonly string Version =
        typeof(NodeGrain).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public Task<NodeInfo> GetInfo() => Task.FromResult(new NodeInfo(node.Id, node.Name, Version, node.StartedAt));

    public Task<IReadOnlyList<string>> ListObjects(string kind)
    {
        IEnumerable<IKubernetesObject> listed = kind switch
        {
            "dtdomains" => objects.Domains(),
            "dtpeers" => objects.Peers(),
            "dtapps" => objects.Apps(),
            "dtservices" => objects.Services(),
            "dtservables" => objects.Servables(),
            "dtusers" => objects.Users(),
            "dttrusts" => objects.Trusts(),
            _ => throw new ArgumentException($"'{kind}' is not a kind of DTaaS object: use dtdomains, dtpeers, dtapps, dtservices, dtservables, dtusers or dttrusts", nameof(kind)),
        };
        return Task.FromResult<IReadOnlyList<string>>([.. listed.Select(ObjectKeys.Of).Order(StringComparer.Ordinal)]);
    }
}
