using System.Net;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Users;
using Dtaas.TestSupport;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>
/// Users are visible across the domain (issue 13): every other member holds a read-only replica of each Ready user,
/// named by its id, placed only from the user's own node; the replicas go with the user, and with its node when it
/// leaves; a replica never logs in.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class UserReplicationTests : IAsyncLifetime
{
    private const string Everyone = """[{"username":"alice","principal":"alice@node0.example.org","node":"node0.example.org"},""" +
        """{"username":"bob","principal":"bob@node1.example.org","node":"node1.example.org"},""" +
        """{"username":"carol","principal":"carol@node2.example.org","node":"node2.example.org"}]""";

    private FederationCluster _cluster = null!;
    private readonly Dictionary<string, ApiClient> _clients = [];

    private FederationNode Node0 => _cluster.Nodes[0];
    private FederationNode Node1 => _cluster.Nodes[1];
    private FederationNode Node2 => _cluster.Nodes[2];

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(3);
        var token = await _cluster.CreateDomainAsync(CancellationToken.None);
        await Task.WhenAll(_cluster.Joiners.Select(node => _cluster.JoinAsync(node, token, CancellationToken.None)));
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(_cluster.Nodes), TestClusters.Patience, CancellationToken.None));
        foreach (var (node, user, password) in new[] { (Node0, "alice", "wonderland"), (Node1, "bob", "builder"), (Node2, "carol", "singer") })
        {
            await node.CreateUserAsync(user, password, default);
            _clients[node.Description.Name] = await ApiClient.LoginAsync(node.GatewayUri, user, password);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Every_member_lists_every_user_and_holds_a_replica_of_each_other_nodes_user_named_by_its_id()
    {
        foreach (var node in _cluster.Nodes)
        {
            await UntilListedAsync(node, Everyone);
        }
        var bob = Node1.Objects.Get<DtUser>(FederationNode.Namespace, "bob")!;
        var replica = Node0.Objects.Get<DtUser>(FederationNode.Namespace, bob.Id!)!;
        Assert.Equal(("bob", "node1.example.org", Node1.Id, bob.Id), (replica.Username, replica.Node, replica.NodeId, replica.Id));
        Assert.Null(replica.Spec);
        Assert.Null(replica.Status);
        Assert.Equal("node1.example.org", replica.Metadata.Labels![ReplicaMetadata.OriginNodeLabel]);
        Assert.Equal("bob", replica.Metadata.Labels![ReplicaMetadata.OriginNameLabel]);
        Assert.Equal(2, Node2.UserReplicas().Count);
    }

    [Fact]
    public async Task Deleting_a_user_removes_its_replicas_everywhere()
    {
        await UntilListedAsync(Node0, Everyone);
        await Node1.DeleteUserAsync("bob", default);

        var withoutBob = Everyone.Replace("""{"username":"bob","principal":"bob@node1.example.org","node":"node1.example.org"},""", "");
        await UntilListedAsync(Node0, withoutBob);
        await UntilListedAsync(Node2, withoutBob);
        Assert.DoesNotContain(Node0.UserReplicas(), u => u.Username == "bob");
    }

    [Fact]
    public async Task A_node_that_leaves_takes_its_users_away_from_the_others_and_keeps_none_of_theirs()
    {
        await UntilListedAsync(Node0, Everyone);
        await UntilListedAsync(Node2, Everyone);
        await Node2.DeleteDomainAsync(FederationCluster.DomainName, default);

        var withoutCarol = Everyone.Replace(""",{"username":"carol","principal":"carol@node2.example.org","node":"node2.example.org"}""", "");
        await UntilListedAsync(Node0, withoutCarol);
        await UntilListedAsync(Node1, withoutCarol);
        Assert.True(await _cluster.WaitUntilAsync(() => Node2.UserReplicas().Count == 0, TestClusters.Patience, CancellationToken.None));
        Assert.Equal("""[{"username":"carol","principal":"carol@node2.example.org","node":"node2.example.org"}]""", await ListedAsync(Node2));
    }

    [Fact]
    public async Task A_node_the_creator_removes_loses_the_others_users_and_they_lose_its_users()
    {
        await UntilListedAsync(Node1, Everyone);
        await UntilListedAsync(Node2, Everyone);
        await Node0.DeletePeerAsync(Node1.Id, default);

        var withoutBob = Everyone.Replace("""{"username":"bob","principal":"bob@node1.example.org","node":"node1.example.org"},""", "");
        await UntilListedAsync(Node0, withoutBob);
        await UntilListedAsync(Node2, withoutBob);
        await UntilListedAsync(Node1, """[{"username":"bob","principal":"bob@node1.example.org","node":"node1.example.org"}]""");
    }

    [Fact]
    public async Task A_member_sending_users_of_another_node_is_refused_and_nothing_is_placed()
    {
        await UntilListedAsync(Node0, Everyone);
        var carol = Node2.Objects.Get<DtUser>(FederationNode.Namespace, "carol")!;
        var domainUid = DomainIdentity.DomainUidOf(Node1.Domain(FederationCluster.DomainName)!)!.Value;
        var forged = new UserSet([new SharedUser("0123456789abcdef0123456789abcdef", "mallory", Node2.Id, "node2.example.org")]);

        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Node1.Federation.SyncUsersAsync(Node0.Id, domainUid, forged, CancellationToken.None));

        Assert.Contains($"speaks only for its own users, not for user 0123456789abcdef0123456789abcdef of node {Node2.Id}", refused.Message);
        Assert.Equal(Everyone, await ListedAsync(Node0));
        Assert.NotNull(Node0.Objects.Get<DtUser>(FederationNode.Namespace, carol.Id!));
    }

    [Fact]
    public async Task A_replica_never_logs_in_and_an_edit_making_it_a_local_user_is_undone()
    {
        await UntilListedAsync(Node0, Everyone);
        var bobId = Node1.Objects.Get<DtUser>(FederationNode.Namespace, "bob")!.Id!;
        // The admin of node0 tries to make the replica a local user: a Secret, and a spec naming it.
        await Node0.CreateUserAsync("dave", "password1", default);
        var replica = Node0.Objects.Get<DtUser>(FederationNode.Namespace, bobId)!;
        Node0.Objects.Update(replica with { Spec = new DtUserSpec { PasswordSecretRef = new DtSecretKeyRef { Name = "dave-password", Key = "password" } } });
        await Node0.ReconcileUserAsync(bobId, default);

        using var anonymous = new ApiClient(Node0.GatewayUri);
        var (status, _) = await anonymous.SendAsync(HttpMethod.Post, "/v1/login", $$"""{"username":"{{bobId}}","password":"password1"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        var after = Node0.Objects.Get<DtUser>(FederationNode.Namespace, bobId)!;
        Assert.Equal(("bob", "node1.example.org", Node1.Id, null), (after.Username, after.Node, after.NodeId, after.Status));
        Assert.Null(after.Spec);
        Assert.Equal("a replica is read-only: only node1.example.org changes its user bob; an edit was undone", after.Message);
        Assert.True(UserObjects.IsReplica(after));
    }

    [Fact]
    public async Task A_replica_deleted_by_hand_comes_back()
    {
        await UntilListedAsync(Node2, Everyone);
        var aliceId = Node0.Objects.Get<DtUser>(FederationNode.Namespace, "alice")!.Id!;

        await Node2.DeleteUserAsync(aliceId, default);

        await UntilListedAsync(Node2, Everyone);
        var back = Node2.Objects.Get<DtUser>(FederationNode.Namespace, aliceId)!;
        Assert.Equal(("alice", "node0.example.org"), (back.Username, back.Node));
    }

    private async Task<string> ListedAsync(FederationNode node)
    {
        var (status, body) = await _clients[node.Description.Name].GetAsync("/v1/users");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["items"]!.ToJsonString();
    }

    /// <summary>Waits until <paramref name="node"/>'s /v1/users lists <paramref name="expected"/>; the failure shows what it lists.</summary>
    private Task UntilListedAsync(FederationNode node, string expected) =>
        Eventually.Until(() => ListedAsync(node), listed => listed == expected, TestClusters.Patience, $"{node.Description.Name} listing {expected}");
}
