using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Four silos in their own network namespaces, shared by one test class: enough for tests that each need a pair of
/// nodes of their own. Nothing is built when prerequisites are missing.
/// </summary>
public sealed class FourNodeTopologyFixture : IAsyncLifetime
{
    private SiloTopology? _topology;

    public SiloTopology Topology => _topology ?? throw new InvalidOperationException("the topology was not built (prerequisites missing)");

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is null)
        {
            _topology = await SiloTopology.StartAsync(4);
        }
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }
}
