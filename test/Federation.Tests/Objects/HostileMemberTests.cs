using System.Net;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Ports;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>
/// A member as an attacker would be one (issue 20, items 1, 2 and 9): a node named as another, a node posing as a
/// trust's home, a node sending more than its share. Each is refused, and the refusing node says so on the dtPeer.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class HostileMemberTests : IAsyncLifetime
{
    private const string Other = "other";
    private FederationCluster? _cluster;

    private FederationCluster Cluster => _cluster!;
    private FederationNode Node0 => Cluster.Nodes[0];
    private FederationNode Node1 => Cluster.Nodes[1];
    private FederationNode Node2 => Cluster.Nodes[2];

    public Task InitializeAsync() => Task.CompletedTask; // each test starts the cluster it needs

    public async Task DisposeAsync() => await (_cluster?.DisposeAsync() ?? ValueTask.CompletedTask);

    [Fact]
    public async Task A_join_under_a_name_another_member_holds_is_refused_and_nothing_is_made_on_either_side()
    {
        await StartAsync(node2Name: "NODE1.example.org");
        var token = await Cluster.CreateDomainAsync(default);
        await Cluster.JoinAsync(Node1, token, default);

        var refused = await Cluster.JoinAsync(Node2, token, default);

        Assert.Equal(DtDomainStatus.Failed, refused.Status);
        Assert.Contains($"the node name NODE1.example.org is taken in this domain by node {Node1.Id}", refused.Message);
        Assert.Equal([Node0.Id, Node1.Id], Node0.View(FederationCluster.DomainName).MemberList!.Members.Select(m => m.NodeId));
        Assert.Null(Node0.Objects.Get<DtPeer>(FederationNode.Namespace, Node2.Id));
        Assert.Empty(Node2.Objects.Peers());
    }

    [Fact]
    public async Task A_name_met_under_two_ids_across_domains_stays_with_the_first_and_nothing_of_the_other_counts()
    {
        // node1 is node1.example.org in node0's domain; node2, under the same name, creates a domain of its own and node0 joins it.
        await StartAsync(node2Name: "node1.example.org");
        var token = await Cluster.CreateDomainAsync(default);
        await Cluster.JoinAsync(Node1, token, default);
        Assert.True(await Cluster.WaitUntilAsync(() => Cluster.Agree([Node0, Node1]), TestClusters.Patience, default));
        var other = await Node2.CreateDomainAsync(Other, default);
        Assert.Equal(DtDomainStatus.Ready, (await Node0.JoinAsync(Other, Node2.GatewayAddress, other.InviteToken!, default)).Status);
        var otherUid = DomainIdentity.DomainUidOf(other)!.Value;

        await Node0.CreateUserAsync("alice", "wonderland", default);
        await Node1.CreateUserAsync("bob", "builder", default);
        await Node2.CreateUserAsync("bob", "impostor", default);
        using var alice = await ApiClient.LoginAsync(Node0.GatewayUri, "alice", "wonderland");
        using var bob = await ApiClient.LoginAsync(Node1.GatewayUri, "bob", "builder");
        using var impostor = await ApiClient.LoginAsync(Node2.GatewayUri, "bob", "impostor");
        var (_, model) = await alice.SendAsync(HttpMethod.Post, "/v1/models", """{"name":"churn","serviceSelector":{"name":"churn-svc","port":8080}}""");
        var id = model!["id"]!.GetValue<string>();
        await alice.SendAsync(HttpMethod.Post, $"/v1/objects/{id}/grants", """{"principal":"bob@node1.example.org","capabilities":["DISCOVER","READ"]}""");

        // node0 warns on node2's dtPeer when node2's users arrive, naming the name and both ids; it keeps node1's users only.
        var warning = $"dtPeer {Node2.Id}: Warning NodeRefused: node name node1.example.org is held by node {Node1.Id}, which this node met first; node {Node2.Id} uses the same name and is refused";
        Assert.True(await Cluster.WaitUntilAsync(() => Node0.Events.Messages.Contains(warning) && Node0.UserReplicas().Count == 1, TestClusters.Patience, default),
            string.Join("\n", Node0.Events.Messages));
        Assert.Equal(Node1.Id, Assert.Single(Node0.UserReplicas()).NodeId);

        // The real bob lists alice's model; the impostor's lists nothing of node0, and its node's calls are refused.
        Assert.Equal(id, (await bob.GetAsync("/v1/models")).Body!["items"]![0]!["id"]!.GetValue<string>());
        var (status, seen) = await impostor.GetAsync("/v1/models");
        Assert.Equal((HttpStatusCode.OK, "[]"), (status, seen!["items"]!.ToJsonString()));
        var impostorBob = new VerifiedPrincipal(Principal.Parse("bob@node1.example.org"), new PrincipalId(Node2.Id, Node2.Objects.Get<DtUser>(FederationNode.Namespace, "bob")!.Id!));
        foreach (var call in new Func<Task>[]
        {
            () => Node2.Federation.ListServablesAsync(Node0.Id, otherUid, impostorBob, "Model", default),
            () => Node2.Federation.ListTrustsAsync(Node0.Id, otherUid, impostorBob, default),
            () => Node2.Federation.ChangeTrustAsync(Node0.Id, otherUid, impostorBob, TrustIds.New(Node2.Id), new TrustChange.View(), default),
            () => Node2.Federation.SyncUsersAsync(Node0.Id, otherUid, new UserSet([]), default),
        })
        {
            var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(call);
            Assert.Contains($"node name node1.example.org is held by node {Node1.Id}", refused.Message);
        }
        // A list of node2's naming node0's own id at another address could let a call in as node0: it is refused all the same.
        var asItself = await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            Node0.Grains.GetGrain<IFederationGrain>(otherUid.ToString()).SyncUsers(new UserSet([]), Node0.Id, default));
        Assert.Contains($"a member entry with this node's own id {Node0.Id} called it", asItself.Message);
        // node0's own requests for node1.example.org go to node1, never to node2.
        Assert.Equal(id, (await alice.GetAsync("/v1/models")).Body!["items"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_node_a_trust_id_names_is_its_home_whatever_another_member_answers_or_tells()
    {
        await StartJoinedAsync();
        await Node0.CreateUserAsync("alice", "wonderland", default);
        await Node1.CreateUserAsync("bob", "builder", default);
        using var alice = await ApiClient.LoginAsync(Node0.GatewayUri, "alice", "wonderland");
        using var bob = await ApiClient.LoginAsync(Node1.GatewayUri, "bob", "builder");
        var (_, created) = await bob.SendAsync(HttpMethod.Post, "/v1/trusts", """{"name":"real"}""");
        var real = created!["id"]!.GetValue<string>();
        Assert.True(TrustIds.IsHome(real, Node1.Id));
        await bob.SendAsync(HttpMethod.Post, $"/v1/trusts/{real}/members", """{"principal":"alice@node0.example.org","role":"trustee"}""");

        // node2 keeps trusts of its own under node1's ids (the real one and a made-up one), with alice as trustee.
        var madeUp = TrustIds.New(Node1.Id);
        foreach (var (trustId, name) in new[] { (real, "forged"), (madeUp, "made-up") })
        {
            Node2.Objects.Create(new DtTrust
            {
                Metadata = new ObjectMeta { Name = trustId, Namespace = FederationNode.Namespace },
                Name = name, Trustees = ["alice@node0.example.org"], Members = [], Objects = [], Version = 1,
            });
        }

        var (status, view) = await alice.GetAsync($"/v1/trusts/{real}");
        Assert.Equal((HttpStatusCode.OK, "real", "node1.example.org"), (status, view!["name"]!.GetValue<string>(), view["node"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/v1/trusts/{madeUp}")).Status);
        var (_, listed) = await alice.GetAsync("/v1/trusts");
        Assert.Equal([(real, "node1.example.org")], listed!["items"]!.AsArray().Select(t => (t!["id"]!.GetValue<string>(), t["node"]!.GetValue<string>())));

        // node2 telling node0 who is in node1's trust is refused, with a Warning on node2's dtPeer.
        var uid = DomainIdentity.DomainUidOf(Node0.Domain(FederationCluster.DomainName)!)!.Value;
        var told = new TrustedSet(real, Node2.Id, 99, ["mallory@node2.example.org"], ["mallory@node2.example.org"], []);
        var refused = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Node2.Federation.ApplyTrustAsync(Node0.Id, uid, told, withdrawn: false, default));
        Assert.Contains($"node {Node2.Id} is not the home of trust {real}", refused.Message);
        Assert.Contains(Node0.Events.Messages, m => m.StartsWith($"dtPeer {Node2.Id}: Warning TrustRefused: node {Node2.Id} is not the home of trust {real}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_sending_more_than_its_share_of_users_apps_or_networks_is_refused_with_the_reason_and_a_warning()
    {
        await StartJoinedAsync();
        var uid = DomainIdentity.DomainUidOf(Node0.Domain(FederationCluster.DomainName)!)!.Value;

        var users = new UserSet([.. Enumerable.Range(0, FairShares.UsersPerMember + 1)
            .Select(i => new SharedUser(i.ToString("x32"), $"user{i}", Node1.Id, Node1.Description.Name))]);
        var tooManyUsers = await Assert.ThrowsAsync<ArgumentException>(() => Node1.Federation.SyncUsersAsync(Node0.Id, uid, users, default));
        var apps = new AppSet(uid, [.. Enumerable.Range(0, FairShares.AppsPerMember + 1)
            .Select(i => new SharedApp(i.ToString("x32"), Node1.Id, Node1.Description.Name, $"app{i}", [FederationCluster.DomainName], null))]);
        var tooManyApps = await Assert.ThrowsAsync<ArgumentException>(() => Node1.Federation.SyncAppsAsync(Node0.Id, uid, apps, default));

        Assert.Equal($"node {Node1.Id} sent 10001 users; a member may have at most 10000 (a fair share of the domain), so none was taken", tooManyUsers.Message);
        Assert.Equal($"node {Node1.Id} sent 10001 apps; a member may have at most 10000 (a fair share of the domain), so none was taken", tooManyApps.Message);
        Assert.Empty(Node0.UserReplicas());
        Assert.Empty(Node0.Replicas());

        var registry = Node0.Grains.GetGrain<INetworkRegistryGrain>($"{FederationNode.Namespace}/{FederationCluster.DomainName}");
        var key = Convert.ToBase64String(new byte[32]);
        for (int i = 0; i < FairShares.NetworksPerMember; i++)
        {
            Assert.Null((await registry.JoinNetwork(new NetworkJoin($"net{i}", key, "127.0.0.1:51830"), Node1.Id, default)).Refusal);
        }
        var network = await registry.JoinNetwork(new NetworkJoin("one-more", key, "127.0.0.1:51830"), Node1.Id, default);
        Assert.Contains("a member may create at most 256", network.Refusal);

        Assert.Equal(
            [$"dtPeer {Node1.Id}: Warning FairShareExceeded: {tooManyUsers.Message}", $"dtPeer {Node1.Id}: Warning FairShareExceeded: {tooManyApps.Message}",
                $"dtPeer {Node1.Id}: Warning NetworkRefused: {network.Refusal}"],
            Node0.Events.Messages.Where(m => m.Contains("Warning", StringComparison.Ordinal)));
    }

    private async Task StartAsync(string node2Name) =>
        _cluster = await FederationCluster.StartAsync(3, TestClusters.Settings, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, default,
            i => i == 2 ? node2Name : $"node{i}.example.org");

    private async Task StartJoinedAsync()
    {
        _cluster = await TestClusters.StartAsync(3);
        var token = await Cluster.CreateDomainAsync(default);
        await Task.WhenAll(Cluster.Joiners.Select(node => Cluster.JoinAsync(node, token, default)));
        Assert.True(await Cluster.WaitUntilAsync(() => Cluster.Agree(Cluster.Nodes), TestClusters.Patience, default));
    }
}
