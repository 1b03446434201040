using System.Threading.Channels;
using Dtaas.Client;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Apps;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace Dtaas.Federation.Tests.Sdk;

/// <summary>
/// What an SDK program sees through an Orleans client on node0's client gateway (issue 23): the keys of every kind, each
/// seed object as kubectl shows it (a dtPeer with its status), a subscription to the node's changes, dtApps and
/// dtServices written through their grains, and a refusal of the node's internal calls, which the node itself still makes.
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
    public async Task A_client_creates_changes_and_deletes_a_dtApp_through_its_grain_and_may_not_change_a_replica()
    {
        var ns = FederationNode.Namespace;
        var grain = Grains.GetGrain<IDtAppGrain>($"{ns}/sdk-app");
        var desired = new DtApp
        {
            ServiceSelector = new DtAppServiceSelector { Name = "example-service" },
            DomainSelector = new DtAppDomainSelector { Name = [FederationCluster.DomainName] },
            Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.None },
        };

        var created = await grain.Apply(desired);
        Assert.Equal((201, null), (created.Status, created.Message));
        Assert.Equal("example-service", Node0.Objects.Get<DtApp>(ns, "sdk-app")!.ServiceSelector!.Name);
        await Node0.ReconcileAppAsync("sdk-app", default);
        var uri = Node0.Objects.Get<DtApp>(ns, "sdk-app")!.Uri;
        Assert.NotNull(uri);

        // A change keeps what DTaaS wrote; a name that is not the grain's, or creating what exists, is refused.
        var changed = await grain.Apply(desired with { Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.None, AuthenticationUrl = "http://auth.example.org/check" } });
        Assert.Equal(200, changed.Status);
        Assert.Equal((uri, "http://auth.example.org/check"), (changed.Object!.Uri, changed.Object.Spec!.AuthenticationUrl));
        var misnamed = await grain.Apply(desired with { Metadata = new ObjectMeta { Name = "another" } });
        Assert.Equal(422, misnamed.Status);
        Assert.Contains($"is not the object of the grain {ns}/sdk-app", misnamed.Message);

        // The replica on node1 belongs to node0's app: only the origin changes it.
        var id = AppObjects.OriginId(Node0.Objects.Get<DtApp>(ns, "sdk-app")!)!;
        var node1 = _cluster.Nodes[1];
        Assert.True(await _cluster.WaitUntilAsync(() => node1.Objects.Get<DtApp>(ns, id) is not null, TestClusters.Patience, CancellationToken.None));
        var replica = node1.Grains.GetGrain<IDtAppGrain>($"{ns}/{id}");
        var refused = await replica.Apply(desired);
        Assert.Equal(409, refused.Status);
        Assert.Contains("is a replica of an app another member shares", refused.Message);
        Assert.Equal(409, (await replica.Delete()).Status);

        Assert.Equal(200, (await grain.Delete()).Status);
        await Node0.ReconcileAppAsync("sdk-app", default);
        Assert.Null(Node0.Objects.Get<DtApp>(ns, "sdk-app"));
        var gone = await grain.Delete();
        Assert.Equal(404, gone.Status);
        Assert.Contains("not found", gone.Message);
    }

    [Fact]
    public async Task A_client_creates_and_deletes_a_dtService_through_its_grain()
    {
        var grain = Grains.GetGrain<IDtServiceGrain>($"{FederationNode.Namespace}/sdk-net");

        var created = await grain.Apply(new DtService { Spec = new DtServiceSpec { DomainSelector = FederationCluster.DomainName, PodSelector = "sdk-pod" } });

        Assert.Equal(201, created.Status);
        Assert.Equal("sdk-pod", Node0.Objects.Get<DtService>(FederationNode.Namespace, "sdk-net")!.Spec!.PodSelector);
        var moved = await grain.Apply(new DtService { Spec = new DtServiceSpec { DomainSelector = FederationCluster.DomainName, PodSelector = "other-pod" } });
        Assert.Equal((200, "other-pod"), (moved.Status, moved.Object!.Spec!.PodSelector));
        Assert.Equal(200, (await grain.Delete()).Status);
        await Node0.ReconcileServiceAsync("sdk-net", default);
        Assert.Null(Node0.Objects.Get<DtService>(FederationNode.Namespace, "sdk-net"));
    }

    [Fact]
    public async Task A_client_founds_a_domain_another_node_joins_and_leaves_through_the_dtDomain_grains()
    {
        const string name = "sdk-domain";
        var ns = FederationNode.Namespace;
        var node1 = _cluster.Nodes[1];
        var founded = Grains.GetGrain<IDtDomainGrain>($"{ns}/{name}");

        var created = await founded.Apply(new DtDomain());
        Assert.Equal((201, null), (created.Status, created.Message));
        Assert.NotNull(Node0.Domain(name));
        await Node0.ReconcileDomainAsync(name, default);
        var token = (await founded.Get())!.InviteToken;
        Assert.Equal(DtDomainStatus.Ready, (await founded.Get())!.Status);
        Assert.NotNull(token);

        // node1 joins with the creator's address and token, through its own dtDomain grain.
        var joining = node1.Grains.GetGrain<IDtDomainGrain>($"{ns}/{name}");
        var join = await joining.Apply(new DtDomain { Spec = new DtDomainSpec { Peer = new DtDomainPeer { Address = Node0.GatewayAddress, InviteToken = token } } });
        Assert.Equal(201, join.Status);
        await node1.ReconcileDomainAsync(name, default);
        Assert.True(await _cluster.WaitUntilAsync(() => node1.Domain(name)?.Status == DtDomainStatus.Ready && Node0.Domain(name)?.Peers?.Contains(node1.Id) == true,
            TestClusters.Patience, CancellationToken.None), $"node1's {name}: {node1.Domain(name)?.Status} {node1.Domain(name)?.Message}");
        Assert.Equal([Node0.Id], (await joining.Get())!.Peers);
        // A change keeps what DTaaS wrote (the peers, the status); a name that is not the grain's is refused.
        var relabelled = await joining.Apply(new DtDomain { Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["team"] = "a" } }, Spec = join.Object!.Spec });
        Assert.Equal((200, DtDomainStatus.Ready, "a"), (relabelled.Status, relabelled.Object!.Status, relabelled.Object.Metadata.Labels!["team"]));
        Assert.Equal(422, (await joining.Apply(new DtDomain { Metadata = new ObjectMeta { Name = "other" } })).Status);

        // node1 leaves; then the creator dissolves the domain.
        Assert.Equal(200, (await joining.Delete()).Status);
        await node1.ReconcileDomainAsync(name, default);
        Assert.True(await _cluster.WaitUntilAsync(() => node1.Domain(name) is null && Node0.Domain(name)?.Peers is not { Count: > 0 },
            TestClusters.Patience, CancellationToken.None), $"node0's {name} peers: {string.Join(", ", Node0.Domain(name)?.Peers ?? [])}");
        Assert.Equal(200, (await founded.Delete()).Status);
        await Node0.ReconcileDomainAsync(name, default);
        Assert.Null(await founded.Get());
        Assert.Equal(404, (await founded.Delete()).Status);
    }

    [Fact]
    public async Task An_object_subscription_hears_a_dtApp_added_changed_and_deleted_in_the_nodes_order()
    {
        var heard = new Heard();
        await using (await ObjectSubscription.StartAsync(Grains, heard))
        {
            var app = await Node0.CreateAppAsync("watched", "example-service", [FederationCluster.DomainName], default);
            await Node0.DeleteAppAsync("watched", default);

            using var patience = new CancellationTokenSource(TestClusters.Patience);
            var changes = new List<ObjectChange>();
            while (changes is not [.., { Type: ObjectChange.Deleted }])
            {
                var change = await heard.Changes.Reader.ReadAsync(patience.Token);
                if (change.Key == $"{FederationNode.Namespace}/watched")
                {
                    changes.Add(change);
                }
            }
            Assert.Equal(ObjectChange.Added, changes[0].Type);
            Assert.All(changes[1..^1], c => Assert.Equal(ObjectChange.Modified, c.Type));
            Assert.Equal(app.Uri, changes.Select(c => (c.Object as DtApp)?.Uri).Last(u => u is not null));
            Assert.Equal(changes.Select(c => c.Sequence).Order(), changes.Select(c => c.Sequence));
        }
    }

    private sealed class Heard : IObjectObserver
    {
        public Channel<ObjectChange> Changes { get; } = Channel.CreateUnbounded<ObjectChange>();

        public void OnChanged(ObjectChange change) => Changes.Writer.TryWrite(change);
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
