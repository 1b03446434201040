using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Three silos of which node0 has created mydomain and nobody has joined yet: the ground for joins that must fail.
/// Shared by one test class.
/// </summary>
public sealed class CreatedDomainFixture : IAsyncLifetime
{
    public const string Domain = "mydomain";

    private SiloTopology? _topology;

    public SiloTopology Topology => _topology ?? throw new InvalidOperationException("the topology was not built (prerequisites missing)");

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        _topology = await SiloTopology.StartAsync(3);
        await _topology[0].CreateDomainAsync(Domain, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }
}
