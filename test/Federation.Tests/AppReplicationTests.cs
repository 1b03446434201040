using Dtaas.Federation.Harness;
using Dtaas.Grains.Apps;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Objects;

namespace Dtaas.Federation.Tests;

/// <summary>A dtApp reaches every member under that member's own URI, follows its origin, and follows the member list (DESIGN.md 2.4).</summary>
[Collection(FederationCollection.Name)]
public sealed class AppReplicationTests : IAsyncLifetime
{
    private const int Size = 4;

    private FederationCluster _cluster = null!;
    private string _token = null!;

    private FederationNode Origin => _cluster.Nodes[1];

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(Size);
        _token = await _cluster.CreateDomainAsync(CancellationToken.None);
        // The last node joins later, in the test that needs it.
        await Task.WhenAll(_cluster.Joiners.Take(Size - 2).Select(node => _cluster.JoinAsync(node, _token, CancellationToken.None)));
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(Members), TestClusters.Patience, CancellationToken.None));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IEnumerable<FederationNode> Members => _cluster.Nodes.Take(Size - 1);

    private FederationNode Late => _cluster.Nodes[Size - 1];

    [Fact]
    public async Task An_app_exists_on_every_member_under_its_id_with_that_members_uri_and_its_origin_named()
    {
        var app = await Origin.CreateAppAsync("mydtapp", "example-service", [FederationCluster.DomainName], CancellationToken.None);
        var id = AppObjects.OriginId(app)!;
        var others = Members.Where(n => n != Origin).ToList();

        bool everywhere = await _cluster.WaitUntilAsync(() => others.All(n => n.Objects.Get<DtApp>(FederationNode.Namespace, id) is not null), TestClusters.Patience, CancellationToken.None);

        Assert.Equal($"http://{id}.{Origin.Description.Name}", app.Uri);
        Assert.Null(app.Status);
        foreach (var node in others)
        {
            var replica = node.Objects.Get<DtApp>(FederationNode.Namespace, id)!;
            Assert.Equal($"http://{id}.{node.Description.Name}", replica.Uri);
            Assert.Equal([FederationCluster.DomainName], replica.DomainSelector!.Name);
            Assert.Equal(DtAppAuthenticationType.None, replica.Spec!.AuthenticationType);
            Assert.Null(replica.ServiceSelector);
            Assert.Equal(Origin.Description.Name, replica.Metadata.Labels![ReplicaMetadata.OriginNodeLabel]);
            Assert.Equal("mydtapp", replica.Metadata.Labels![ReplicaMetadata.OriginNameLabel]);
        }
        Assert.Empty(Origin.Replicas());
        Assert.True(everywhere);

        // A change at the origin follows; deleting it there removes it everywhere.
        var changed = Origin.Objects.Get<DtApp>(FederationNode.Namespace, "mydtapp")! with
        {
            Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.Custom, AuthenticationUrl = "http://auth.example.org/check" },
        };
        Origin.Objects.Update(changed);
        await Origin.ReconcileAppAsync("mydtapp", CancellationToken.None);
        Assert.True(await _cluster.WaitUntilAsync(() => others.All(n => n.Objects.Get<DtApp>(FederationNode.Namespace, id)?.Spec?.AuthenticationUrl == "http://auth.example.org/check"),
            TestClusters.Patience, CancellationToken.None));

        await Origin.DeleteAppAsync("mydtapp", CancellationToken.None);
        Assert.True(await _cluster.WaitUntilAsync(() => others.All(n => n.Replicas().Count == 0), TestClusters.Patience, CancellationToken.None));
    }

    [Fact]
    public async Task A_node_that_joins_later_gets_the_existing_apps_and_a_removed_node_loses_them()
    {
        var app = await Origin.CreateAppAsync("early", "example-service", [FederationCluster.DomainName], CancellationToken.None);
        var id = AppObjects.OriginId(app)!;
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Nodes[2].Replicas().Count == 1, TestClusters.Patience, CancellationToken.None));

        await _cluster.JoinAsync(Late, _token, CancellationToken.None);
        bool arrived = await _cluster.WaitUntilAsync(() => Late.Objects.Get<DtApp>(FederationNode.Namespace, id) is not null, TestClusters.Patience, CancellationToken.None);
        Assert.True(arrived);
        Assert.Equal($"http://{id}.{Late.Description.Name}", Late.Objects.Get<DtApp>(FederationNode.Namespace, id)!.Uri);

        await _cluster.Creator.DeletePeerAsync(Late.Id, CancellationToken.None);
        Assert.True(await _cluster.WaitUntilAsync(() => Late.Replicas().Count == 0, TestClusters.Patience, CancellationToken.None));
        // The others keep it.
        Assert.NotNull(_cluster.Nodes[2].Objects.Get<DtApp>(FederationNode.Namespace, id));
    }

    [Fact]
    public async Task A_replica_a_user_deletes_or_edits_comes_back_saying_why_and_the_origins_app_stays()
    {
        var app = await Origin.CreateAppAsync("kept", "example-service", [FederationCluster.DomainName], CancellationToken.None);
        var id = AppObjects.OriginId(app)!;
        var member = _cluster.Nodes[2];
        Assert.True(await _cluster.WaitUntilAsync(() => member.Replicas().Count == 1, TestClusters.Patience, CancellationToken.None));

        await member.DeleteAppAsync(id, CancellationToken.None);
        Assert.Null(member.Objects.Get<DtApp>(FederationNode.Namespace, id)); // the deletion completes (kubectl delete returns)...
        Assert.True(await _cluster.WaitUntilAsync(() => member.Objects.Get<DtApp>(FederationNode.Namespace, id) is not null, TestClusters.Patience, CancellationToken.None));
        var restored = member.Objects.Get<DtApp>(FederationNode.Namespace, id)!; // ...and the replica is made anew
        Assert.Null(restored.Metadata.DeletionTimestamp);
        Assert.Contains("dtApp kept on node " + Origin.Description.Name, restored.Message);
        // The event follows the write that restores the object, so it may land a moment later.
        Assert.True(await _cluster.WaitUntilAsync(() => member.Events.Lines.Contains($"dtApp {id}: Warning ReplicaRestored"),
            TestClusters.Patience, CancellationToken.None), string.Join("\n", member.Events.Lines));

        member.Objects.Update(restored with { Spec = new DtAppSpec { AuthenticationType = DtAppAuthenticationType.None, AuthenticationUrl = "http://evil" } });
        await member.ReconcileAppAsync(id, CancellationToken.None);
        Assert.Null(member.Objects.Get<DtApp>(FederationNode.Namespace, id)!.Spec!.AuthenticationUrl);
        Assert.NotNull(Origin.Objects.Get<DtApp>(FederationNode.Namespace, "kept"));
    }

    [Fact]
    public async Task An_app_with_an_unsupported_authentication_type_is_not_served_and_says_so()
    {
        Origin.Objects.Create(new DtApp
        {
            Metadata = new ObjectMeta { Name = "basic", Namespace = FederationNode.Namespace },
            ServiceSelector = new DtAppServiceSelector { Name = "example-service" },
            DomainSelector = new DtAppDomainSelector { Name = [FederationCluster.DomainName] },
            Spec = new DtAppSpec { AuthenticationType = "Basic" },
        });
        await Origin.ReconcileAppAsync("basic", CancellationToken.None);

        var app = Origin.Objects.Get<DtApp>(FederationNode.Namespace, "basic")!;
        Assert.Equal(DtAppStatus.Failed, app.Status);
        Assert.Contains("spec.authenticationType 'Basic' is not supported", app.Message);
        // The origin's catalog goes out whole: once an app made after it reaches every member, the failed one would have too.
        var later = await Origin.CreateAppAsync("later", "example-service", [FederationCluster.DomainName], CancellationToken.None);
        var others = Members.Where(n => n != Origin).ToList();
        Assert.True(await _cluster.WaitUntilAsync(() => others.All(n => n.Replicas().Count > 0), TestClusters.Patience, CancellationToken.None));
        Assert.All(others, node => Assert.Equal(AppObjects.OriginId(later), Assert.Single(node.Replicas()).Metadata.Name));
    }

    [Fact]
    public async Task An_app_says_which_selected_domains_it_does_not_reach_until_they_exist()
    {
        var app = await Origin.CreateAppAsync("wide", "example-service", [FederationCluster.DomainName, "later"], CancellationToken.None);
        Assert.Null(app.Status);
        Assert.Equal("Not shared with dtDomain later: none by that name is Ready on this node.", app.Message);

        await Origin.CreateDomainAsync("later", CancellationToken.None);

        Assert.True(await _cluster.WaitUntilAsync(() => Origin.Objects.Get<DtApp>(FederationNode.Namespace, "wide")!.Message is null,
            TestClusters.Patience, CancellationToken.None));
    }
}
