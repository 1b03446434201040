using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Federation.Tests;

/// <summary>50 nodes: node 0 creates the domain, the other 49 join it all at once.</summary>
public sealed class FiftyNodesFixture : IAsyncLifetime
{
    public const int Size = 50;

    public FederationCluster Cluster { get; private set; } = null!;

    /// <summary>Each joiner's dtDomain as its join left it.</summary>
    public IReadOnlyList<DtDomain> Joined { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Cluster = await TestClusters.StartAsync(Size, TestClusters.LargeDomainSettings);
        var token = await Cluster.CreateDomainAsync(CancellationToken.None);
        Joined = await Task.WhenAll(Cluster.Joiners.Select(node => Cluster.JoinAsync(node, token, CancellationToken.None)));
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
