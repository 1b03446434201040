using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The second seed document's setting: three federated silos (node0 created mydomain) and pod namespaces bound in
/// each silo's <c>--pod-netns-dir</c>: my-pod and ethereum on node0, service-pod on node1, third-pod and eth-peer on node2.
/// </summary>
public sealed class ServiceFixture : ITopologyFixture
{
    private readonly FederationFixture _federation = new();
    private readonly Dictionary<string, string> _pods = new(StringComparer.Ordinal);

    public SiloTopology Topology => _federation.Topology;

    /// <summary>The network namespace of a pod (for sockets), by pod name.</summary>
    public string PodNetns(string pod) => _pods[pod];

    public async Task InitializeAsync()
    {
        await _federation.InitializeAsync();
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        foreach (var (node, pod) in new[] { (0, "my-pod"), (0, "ethereum"), (1, "service-pod"), (2, "third-pod"), (2, "eth-peer") })
        {
            _pods[pod] = await Topology.Network.AddPodAsync(Topology[node].PodDirectory, pod);
        }
    }

    public Task DisposeAsync() => _federation.DisposeAsync();
}
