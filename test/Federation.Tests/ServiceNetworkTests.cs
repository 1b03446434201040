using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Ports;

namespace Dtaas.Federation.Tests;

/// <summary>dtService networks across a domain (DESIGN.md 2.5): the registry on the creator, the peer map everywhere, leaving.</summary>
[Collection(FederationCollection.Name)]
public sealed class ServiceNetworkTests : IAsyncLifetime
{
    private const int Size = 4;
    private const string Domain = FederationCluster.DomainName;

    private FederationCluster _cluster = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(Size);
        _token = await _cluster.CreateDomainAsync(CancellationToken.None);
        await Task.WhenAll(_cluster.Joiners.Take(Size - 2).Select(node => _cluster.JoinAsync(node, _token, CancellationToken.None)));
        // A client whose dtPeer of the server's node has not answered a probe yet fails "server unreachable", rightly:
        // the tests start from a domain whose members see each other.
        var members = _cluster.Nodes.Take(Size - 1).ToList();
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Settled(members), TestClusters.Patience, CancellationToken.None), "the domain to settle");
        foreach (var node in _cluster.Nodes)
        {
            node.Pods.AddPod($"pod{_cluster.Nodes.ToList().IndexOf(node)}");
        }
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private FederationNode Node(int index) => _cluster.Nodes[index];

    [Fact]
    public async Task The_first_pod_serves_and_a_second_nodes_pod_joins_with_the_servers_endpoint_and_both_show_the_same_peers()
    {
        var server = await Node(0).CreateServiceAsync("myservice", Domain, "pod0", CancellationToken.None);
        var client = await Node(1).CreateServiceAsync("myservice", Domain, "pod1", CancellationToken.None);

        Assert.True(server.Status == DtServiceStatus.Connected, server.Message);
        Assert.Null(server.Spec!.Server);
        Assert.True(client.Status == DtServiceStatus.Connected, client.Message);
        var serverKey = server.Peers!["100.96.0.1"].PublicKey;
        Assert.Equal("127.0.0.1:51830", client.Spec!.Server!.Endpoint);
        Assert.Equal("100.96.0.0/24", client.Spec.Server.Peer);
        Assert.Equal(serverKey, client.Spec.Server.PublicKey);
        Assert.Equal("server", client.Peers!["100.96.0.1"].Labels![$"sid.sightline.dtservice.{Node(0).Id}"]);
        Assert.Equal("client", client.Peers["100.96.0.2"].Labels![$"sid.sightline.dtservice.{Node(1).Id}"]);
        // The server's node hears of the client (a push) and routes to it.
        Assert.True(await _cluster.WaitUntilAsync(() => Node(0).Service("myservice")!.Peers!.Count == 2, TestClusters.Patience, CancellationToken.None));
        Assert.Equal(client.Peers.Keys.Order(), Node(0).Service("myservice")!.Peers!.Keys.Order());
        var serving = Assert.Single(Node(0).Pods.Interfaces.Values);
        Assert.True(serving.Forward);
        Assert.Equal("100.96.0.1/24", serving.Address);
        Assert.Equal(51830, serving.ListenPort);
        Assert.Equal(["100.96.0.2/32"], Assert.Single(serving.Peers).AllowedIps);
        var joined = Assert.Single(Node(1).Pods.Interfaces.Values);
        Assert.Equal("100.96.0.2/24", joined.Address);
        var toServer = Assert.Single(joined.Peers);
        Assert.Equal((serverKey, "127.0.0.1:51830", 25), (toServer.PublicKey, toServer.Endpoint, toServer.PersistentKeepaliveSeconds));
        Assert.Equal(["100.96.0.0/24"], toServer.AllowedIps);
    }

    [Fact]
    public async Task Two_members_creating_one_name_at_once_end_with_exactly_one_server()
    {
        await Task.WhenAll(
            Node(1).CreateServiceAsync("race", Domain, "pod1", CancellationToken.None),
            Node(2).CreateServiceAsync("race", Domain, "pod2", CancellationToken.None));

        bool agreed = await _cluster.WaitUntilAsync(() => new[] { 1, 2 }.All(i => Node(i).Service("race")?.Peers?.Count == 2), TestClusters.Patience, CancellationToken.None);
        Assert.True(agreed);
        var roles = new[] { 1, 2 }.Select(i => Node(i).Service("race")!.Peers!.Values.Single(p => p.Labels!.ContainsKey($"sid.sightline.dtservice.{Node(i).Id}")).Labels!.Values.Single()).ToList();
        Assert.Equal(["client", "server"], roles.Order());
    }

    [Fact]
    public async Task An_unknown_pod_an_unknown_domain_and_a_domain_not_joined_fail_saying_which()
    {
        var noPod = await Node(1).CreateServiceAsync("nopod", Domain, "missing-pod", CancellationToken.None);
        var noDomain = await Node(1).CreateServiceAsync("nodomain", "otherdomain", "pod1", CancellationToken.None);
        var outsider = await Node(3).CreateServiceAsync("outsider", Domain, "pod3", CancellationToken.None);

        Assert.Equal((DtServiceStatus.Failed, "pod missing-pod not found in this node's namespace"), (noPod.Status, noPod.Message));
        Assert.Equal((DtServiceStatus.Failed, "dtDomain otherdomain not found on this node: create or join it first"), (noDomain.Status, noDomain.Message));
        Assert.Equal(DtServiceStatus.Failed, outsider.Status);
        Assert.Empty(Node(1).Pods.Interfaces);
        Assert.Empty(Node(3).Pods.Interfaces);
    }

    [Fact]
    public async Task A_node_that_is_not_a_member_is_refused_by_the_registry()
    {
        var join = new NetworkJoin("myservice", Convert.ToBase64String(new byte[32]), "127.0.0.9:51830");
        var creator = Node(0);
        var uid = creator.View(Domain).MemberList!.DomainUid;

        // Node 3 is not in the domain: it knows no overlay address of the creator's (whose listener would refuse its own).
        await Assert.ThrowsAnyAsync<Exception>(() => Node(3).Federation.JoinNetworkAsync(creator.Id, uid, join, CancellationToken.None));
        var answer = await creator.Grains.GetGrain<Grains.Interfaces.Services.INetworkRegistryGrain>($"{FederationNode.Namespace}/{Domain}")
            .JoinNetwork(join, Node(3).Id, CancellationToken.None);
        Assert.Null(answer.Network);
        Assert.Contains($"node {Node(3).Id} is not a member", answer.Refusal);
    }

    [Fact]
    public async Task A_client_leaving_updates_the_peers_everywhere_and_the_server_leaving_fails_the_clients()
    {
        await Node(0).CreateServiceAsync("leaving", Domain, "pod0", CancellationToken.None);
        await Node(1).CreateServiceAsync("leaving", Domain, "pod1", CancellationToken.None);
        await Node(2).CreateServiceAsync("leaving", Domain, "pod2", CancellationToken.None);
        Assert.True(await _cluster.WaitUntilAsync(() => new[] { 0, 1, 2 }.All(i => Node(i).Service("leaving")?.Peers?.Count == 3), TestClusters.Patience, CancellationToken.None));

        await Node(2).DeleteServiceAsync("leaving", CancellationToken.None);
        Assert.Null(Node(2).Service("leaving"));
        Assert.Empty(Node(2).Pods.Interfaces);
        Assert.True(await _cluster.WaitUntilAsync(() => new[] { 0, 1 }.All(i => Node(i).Service("leaving")?.Peers?.Count == 2), TestClusters.Patience, CancellationToken.None));
        Assert.Single(Node(0).Pods.Interfaces.Values.Single().Peers);

        await Node(0).DeleteServiceAsync("leaving", CancellationToken.None);
        Assert.True(await _cluster.WaitUntilAsync(() => Node(1).Service("leaving")?.Status == DtServiceStatus.Failed, TestClusters.Patience, CancellationToken.None));
        Assert.StartsWith("server left", Node(1).Service("leaving")!.Message);
        Assert.Empty(Node(1).Pods.Interfaces);
        // Reconciling it again (the watcher does, on every change) does not make it the server of a new network.
        await Node(1).ReconcileServiceAsync("leaving", CancellationToken.None);
        Assert.Equal(DtServiceStatus.Failed, Node(1).Service("leaving")!.Status);
        // The name is free: the next pod to ask for it serves a new network.
        var reborn = await Node(2).CreateServiceAsync("leaving", Domain, "pod2", CancellationToken.None);
        Assert.Equal(DtServiceStatus.Connected, reborn.Status);
        Assert.Equal("server", reborn.Peers!.Values.Single().Labels!.Values.Single());
    }

    [Fact]
    public async Task A_client_whose_server_cannot_be_reached_fails_saying_so_and_recovers_when_it_can()
    {
        var server = await Node(0).CreateServiceAsync("watched", Domain, "pod0", CancellationToken.None);
        await Node(1).CreateServiceAsync("watched", Domain, "pod1", CancellationToken.None);
        var serverKey = server.Peers!["100.96.0.1"].PublicKey!;

        Node(1).Pods.SetLastHandshake(serverKey, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));
        Assert.True(await _cluster.WaitUntilAsync(() => Node(1).Service("watched")!.Status == DtServiceStatus.Failed, TestClusters.Patience, CancellationToken.None));
        Assert.StartsWith("server unreachable: no WireGuard handshake with 127.0.0.1:51830", Node(1).Service("watched")!.Message);

        Node(1).Pods.SetLastHandshake(serverKey, DateTimeOffset.UtcNow);
        Assert.True(await _cluster.WaitUntilAsync(() => Node(1).Service("watched")!.Status == DtServiceStatus.Connected, TestClusters.Patience, CancellationToken.None));
        Assert.Null(Node(1).Service("watched")!.Message);
    }

    [Fact]
    public async Task A_node_removed_from_the_domain_takes_its_pod_off_the_network_and_the_others_see_it_go()
    {
        await Node(0).CreateServiceAsync("removal", Domain, "pod0", CancellationToken.None);
        await Node(2).CreateServiceAsync("removal", Domain, "pod2", CancellationToken.None);
        Assert.True(await _cluster.WaitUntilAsync(() => Node(0).Service("removal")?.Peers?.Count == 2, TestClusters.Patience, CancellationToken.None));

        await Node(0).DeletePeerAsync(Node(2).Id, CancellationToken.None);

        Assert.True(await _cluster.WaitUntilAsync(() => Node(2).Service("removal")?.Status == DtServiceStatus.Failed && Node(2).Pods.Interfaces.Count == 0,
            TestClusters.Patience, CancellationToken.None), $"node2: {Node(2).Service("removal")?.Status} {Node(2).Service("removal")?.Message}");
        Assert.StartsWith("dtDomain mydomain is Removed", Node(2).Service("removal")!.Message);
        Assert.Null(Node(2).Service("removal")!.Peers);
        Assert.True(await _cluster.WaitUntilAsync(() => Node(0).Service("removal")?.Peers?.Count == 1, TestClusters.Patience, CancellationToken.None));
    }

    [Fact]
    public async Task A_dtService_made_before_its_node_joins_the_domain_connects_once_it_has()
    {
        var early = await Node(3).CreateServiceAsync("early", Domain, "pod3", CancellationToken.None);
        Assert.Equal(DtServiceStatus.Failed, early.Status);

        await _cluster.JoinAsync(Node(3), _token, CancellationToken.None);

        // No watcher here to look again later: the domain tells its dtServices when it is joined.
        Assert.True(await _cluster.WaitUntilAsync(() => Node(3).Service("early")?.Status == DtServiceStatus.Connected, TestClusters.Patience, CancellationToken.None),
            $"{Node(3).Service("early")?.Status}: {Node(3).Service("early")?.Message}");
    }
}
