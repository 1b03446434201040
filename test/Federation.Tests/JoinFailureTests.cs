using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Federation.Tests;

/// <summary>A creator that fails while admitting a node tells the joiner why with a 503, never a bare 500, and the join goes through later.</summary>
[Collection(FederationCollection.Name)]
public sealed class JoinFailureTests
{
    [Fact]
    public async Task A_creator_that_cannot_record_a_join_answers_503_with_the_reason_and_the_joiner_retries_until_admitted()
    {
        await using var cluster = await TestClusters.StartAsync(2);
        var token = await cluster.CreateDomainAsync(CancellationToken.None);
        var joiner = cluster.Nodes[1];
        cluster.Creator.Objects.FailWrites = new IOException("the API server is gone");

        var joining = cluster.JoinAsync(joiner, token, CancellationToken.None);
        bool told = await cluster.WaitUntilAsync(() => joiner.Domain(FederationCluster.DomainName)?.Message?.Contains(
            "answered 503: the creator could not answer the join just now (the API server is gone); try again later", StringComparison.Ordinal) == true,
            TestClusters.Patience, CancellationToken.None);
        Assert.True(told, joiner.Domain(FederationCluster.DomainName)?.Message);
        Assert.Equal(DtDomainStatus.Failed, joiner.Domain(FederationCluster.DomainName)!.Status);
        Assert.Contains("trying again", joiner.Domain(FederationCluster.DomainName)!.Message);

        cluster.Creator.Objects.FailWrites = null;
        var joined = await joining.WaitAsync(TestClusters.Patience);
        Assert.Equal(DtDomainStatus.Ready, joined.Status);
    }
}
