using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Three silos federated as the demo does: node0 creates mydomain, node1 and node2 join it with node0's token, and every
/// dtPeer is connected before the first test. Shared by one test class; every test leaves the domain as it found it.
/// </summary>
public sealed class FederationFixture : ITopologyFixture
{
    public const string Domain = "mydomain";

    private SiloTopology? _topology;

    public SiloTopology Topology => _topology ?? throw new InvalidOperationException("the topology was not built (prerequisites missing)");

    /// <summary>How every silo is started (by default as the others' tests expect).</summary>
    public SiloVariant? Variant { get; init; }

    /// <summary>How node i's silo is started, where nodes differ (then <see cref="Variant"/> is not used).</summary>
    public Func<int, SiloVariant?>? VariantOf { get; init; }

    /// <summary>node0's invite token, read once it was Ready.</summary>
    public string Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        _topology = await SiloTopology.StartAsync(3, VariantOf ?? (_ => Variant));
        var creator = _topology[0];
        Token = await creator.CreateDomainAsync(Domain, CancellationToken.None);
        // Both join at once: the creator must admit concurrent joins without losing either.
        await Task.WhenAll(_topology.Silos.Skip(1).Select(joiner => joiner.ApplyJoinAsync(Domain, creator.JoinAddress(), Token, CancellationToken.None)));
        foreach (var joiner in _topology.Silos.Skip(1))
        {
            var outcome = await joiner.WaitForJoinOutcomeAsync(Domain);
            if (outcome.String("status") != "Ready")
            {
                throw new InvalidOperationException($"{joiner.NodeName} did not join: {outcome}\n{joiner.Output}");
            }
        }
        await WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits until every node has a connected dtPeer for each of the others.</summary>
    public async Task WaitUntilAllConnectedAsync(TimeSpan timeout)
    {
        foreach (var silo in Topology.Silos)
        {
            await silo.WaitUntilConnectedAsync(Topology.Silos.Count - 1, timeout);
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
