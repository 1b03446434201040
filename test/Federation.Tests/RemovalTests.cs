using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Federation.Tests;

/// <summary>The creator removes a member (a user deletes its dtPeer there); the change reaches everyone, late if need be.</summary>
[Collection(FederationCollection.Name)]
public sealed class RemovalTests : IAsyncLifetime
{
    private const int Size = 6;

    private FederationCluster _cluster = null!;

    private FederationNode Removed => _cluster.Nodes[Size - 1];

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(Size);
        var token = await _cluster.CreateDomainAsync(CancellationToken.None);
        await Task.WhenAll(_cluster.Joiners.Select(node => _cluster.JoinAsync(node, token, CancellationToken.None)));
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(_cluster.Nodes), TestClusters.Patience, CancellationToken.None));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_removal_converges_and_the_removed_node_is_told()
    {
        var before = _cluster.Creator.View(FederationCluster.DomainName).Version;

        await _cluster.Creator.DeletePeerAsync(Removed.Id, CancellationToken.None);
        var remaining = _cluster.Nodes.Where(n => n != Removed).ToList();
        const string removedEvent = $"dtDomain {FederationCluster.DomainName}: Normal MemberRemoved";
        bool converged = await _cluster.WaitUntilAsync(() => _cluster.Agree(remaining) && IsRemoved(Removed)
            && _cluster.Creator.Events.Lines.Contains(removedEvent), TestClusters.Patience, CancellationToken.None);

        var list = _cluster.Creator.View(FederationCluster.DomainName);
        Assert.True(list.Version > before);
        Assert.Equal(remaining.Select(n => n.Id).Order(StringComparer.Ordinal), list.MemberIds);
        foreach (var node in remaining)
        {
            var view = node.View(FederationCluster.DomainName);
            Assert.Equal(list.MemberIds, view.MemberIds);
            Assert.DoesNotContain(Removed.Id, view.Peers);
            Assert.DoesNotContain(Removed.Id, view.PeerObjects);
        }
        var removed = Removed.View(FederationCluster.DomainName);
        Assert.Equal(DtDomainStatus.Removed, removed.Status);
        Assert.Empty(removed.PeerObjects);
        Assert.Null(Removed.Overlay.Current(list.MemberList!.DomainUid));
        Assert.Contains(list.MemberList.DomainUid, Removed.Overlay.Removed);
        Assert.Contains(removedEvent, _cluster.Creator.Events.Lines);
        Assert.True(converged);
        // The creator's federation listener no longer admits the removed node.
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Removed.Federation.ProbeAsync(_cluster.Creator.Id, list.MemberList.DomainUid, CancellationToken.None));
    }

    [Fact]
    public async Task A_member_unreachable_during_a_change_gets_the_latest_list_when_back()
    {
        var offline = _cluster.Nodes[1];
        var held = offline.View(FederationCluster.DomainName).Version;
        Assert.True(await _cluster.WaitUntilAsync(() => CreatorSeesConnected(offline) == true, TestClusters.Patience, CancellationToken.None));
        await offline.Overlay.CutAsync(CancellationToken.None);

        await _cluster.Creator.DeletePeerAsync(Removed.Id, CancellationToken.None);
        var online = _cluster.Nodes.Where(n => n != Removed && n != offline).ToList();
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(online), TestClusters.Patience, CancellationToken.None));
        // The creator finds it away (a probe, at most a second apart, failed; its pushes, every 200 ms, failed with them):
        // it keeps working with the list it has.
        Assert.True(await _cluster.WaitUntilAsync(() => CreatorSeesConnected(offline) == false, TestClusters.Patience, CancellationToken.None));
        Assert.Equal(held, offline.View(FederationCluster.DomainName).Version);

        await offline.Overlay.RestoreAsync(CancellationToken.None);
        bool caughtUp = await _cluster.WaitUntilAsync(() => _cluster.Agree([offline]), TestClusters.Patience, CancellationToken.None);

        var view = offline.View(FederationCluster.DomainName);
        Assert.Equal(_cluster.Creator.View(FederationCluster.DomainName).Version, view.Version);
        Assert.DoesNotContain(Removed.Id, view.MemberIds);
        Assert.DoesNotContain(Removed.Id, view.PeerObjects);
        Assert.True(caughtUp);
    }

    [Fact]
    public async Task A_member_away_when_it_was_removed_learns_it_from_the_creators_gateway()
    {
        await Removed.Overlay.CutAsync(CancellationToken.None); // the creator's push cannot reach it

        await _cluster.Creator.DeletePeerAsync(Removed.Id, CancellationToken.None);
        var remaining = _cluster.Nodes.Where(n => n != Removed).ToList();
        bool told = await _cluster.WaitUntilAsync(() => _cluster.Agree(remaining) && IsRemoved(Removed), TestClusters.Patience, CancellationToken.None);

        var domain = Removed.Domain(FederationCluster.DomainName)!;
        Assert.True(told, $"the removed node's dtDomain is {domain.Status}: {domain.Message}");
        Assert.Contains("removed from the domain by its creator", domain.Message);
        Assert.Contains($"dtDomain {FederationCluster.DomainName}: Warning Removed", Removed.Events.Lines);
    }

    [Fact]
    public async Task A_member_away_when_the_domain_was_dissolved_learns_it_from_the_creators_gateway()
    {
        var away = _cluster.Nodes[1];
        await away.Overlay.CutAsync(CancellationToken.None);

        await _cluster.Creator.DeleteDomainAsync(FederationCluster.DomainName, CancellationToken.None);
        bool told = await _cluster.WaitUntilAsync(() => IsRemoved(away), TestClusters.Patience, CancellationToken.None);

        var domain = away.Domain(FederationCluster.DomainName)!;
        Assert.True(told, $"the away member's dtDomain is {domain.Status}: {domain.Message}");
        Assert.Contains("dissolved", domain.Message);
        Assert.Null(away.Overlay.Current(away.View(FederationCluster.DomainName).MemberList!.DomainUid));
    }

    private static bool IsRemoved(FederationNode node) =>
        node.View(FederationCluster.DomainName) is { Status: DtDomainStatus.Removed, PeerObjects.Count: 0 };

    /// <summary>What the creator's dtPeer of <paramref name="node"/> says of it, as its probes write it.</summary>
    private bool? CreatorSeesConnected(FederationNode node) => _cluster.Creator.Objects.Get<DtPeer>(FederationNode.Namespace, node.Id)?.Connected;
}
