using Dtaas.Client;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace Dtaas.Federation.Tests.Sdk;

/// <summary>
/// What an SDK program sees through an Orleans client on node0's client gateway (issue 23): the keys of every kind, each
/// seed object as kubectl shows it (a dtPeer with its status), and a refusal of the node's internal calls, which the
/// node itself still makes.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class SdkContractTests : IAsyncLifetime
{
    private FederationCluster _cluster = null!;
    private IHost _client = null!;

    private FederationNode Node0 => _cluster.Nodes[0];
    private IClusterClient Grains => _client.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(2);
        var token = await _cluster.CreateDomainAsync(CancellationToken.None);
        await Task.WhenAll(_cluster.Joiners.Select(node => _cluster.JoinAsync(node, token, CancellationToken.None)));
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(_cluster.Nodes), TestClusters.Patience, CancellationToken.None));
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseDtaasNode(new DtaasNodeOptions { Endpoint = Node0.Sdk.Endpoint, NodeId = Node0.Id, Token = Node0.Sdk.Token }));
        _client = builder.Build();
        await _client.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_client_lists_every_kind_and_reads_the_domain_and_its_peer_with_status()
    {
        var node = Grains.GetGrain<INodeGrain>(INodeGrain.Self);

        var domains = await node.ListObjects("dtdomains");
        var peers = await node.ListObjects("dtpeers");
        foreach (var kind in (string[])["dtapps", "dtservices", "dtservables", "dtusers", "dttrusts"])
        {
            Assert.NotNull(await node.ListObjects(kind));
        }
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => node.ListObjects("pods"));
        Assert.Contains("use dtdomains, dtpeers", unknown.Message);

        var domainKey = Assert.Single(domains);
        var domain = await Grains.GetGrain<IDtDomainGrain>(domainKey).Get();
        Assert.Equal(FederationCluster.DomainName, domain!.Metadata.Name);
        var peerKey = Assert.Single(peers);
        Assert.Equal($"{FederationNode.Namespace}/{_cluster.Nodes[1].Id}", peerKey);
        var peer = await Grains.GetGrain<IDtPeerGrain>(peerKey).Get();
        Assert.Equal(_cluster.Nodes[1].Id, peer!.Metadata.Name);
        // Its status as the node's probes write it.
        peer = await Eventually.Until(() => Grains.GetGrain<IDtPeerGrain>(peerKey).Get(), read => read?.Connected == true, TestClusters.Patience,
            $"dtPeer {peerKey} connected", TimeSpan.FromMilliseconds(50));
        Assert.Equal("node1.example.org", peer!.Name);
        Assert.Null(await Grains.GetGrain<IDtAppGrain>($"{FederationNode.Namespace}/none").Get());
    }

    [Fact]
    public async Task A_client_is_refused_the_nodes_internal_calls()
    {
        var domainKey = $"{FederationNode.Namespace}/{FederationCluster.DomainName}";

        var reconcile = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Grains.GetGrain<IDtDomainGrain>(domainKey).Reconcile(default));
        Assert.Contains("IReconciler.Reconcile is the node's own call", reconcile.Message);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Grains.GetGrain<IDtDomainGrain>(domainKey).RemoveMember(_cluster.Nodes[1].Id, default));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Grains.GetGrain<IFederationGrain>(Guid.NewGuid().ToString()).Probe(_cluster.Nodes[1].Id, default));
        // The node itself still makes them.
        Assert.NotNull(await Node0.Grains.GetGrain<IDtDomainGrain>(domainKey).Get());
        await Node0.ReconcileDomainAsync(FederationCluster.DomainName, default);
    }
}
