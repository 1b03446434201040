using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>Three silos in their own network namespaces, shared by one test class; nothing is built when prerequisites are missing.</summary>
public sealed class ThreeNodeTopologyFixture : IAsyncLifetime
{
    private SiloTopology? _topology;

    /// <summary>The running topology; only tests that passed <see cref="NamespaceFactAttribute.RequirePrerequisites"/> get here.</summary>
    public SiloTopology Topology => _topology ?? throw new InvalidOperationException("the topology was not built (prerequisites missing)");

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is null)
        {
            _topology = await SiloTopology.StartAsync(3);
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
