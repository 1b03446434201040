using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Tests;

/// <summary>The other nodes of the shared domains, and the domain through which each is reached.</summary>
public sealed class SharingDomainTests
{
    private const string Self = "00000000000000000000000000000000";
    private const string Bob = "11111111111111111111111111111111";
    private const string Carol = "22222222222222222222222222222222";

    private static readonly SharingDomain First = Domain("first", Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), (Self, "node0"), (Bob, "node1"));
    private static readonly SharingDomain Second = Domain("second", Guid.Parse("aaaaaaaa-0000-0000-0000-000000000002"), (Bob, "node1"), (Self, "node0"), (Carol, "node2"));

    [Fact]
    public void Peers_are_the_other_nodes_once_each_through_the_first_domain_that_has_them()
    {
        Assert.Equal([new DomainPeer(Bob, "node1", First.Uid), new DomainPeer(Carol, "node2", Second.Uid)], SharingDomain.Peers([First, Second], Self));
    }

    [Fact]
    public void A_peer_is_found_by_its_node_name_in_any_case_but_this_node_is_none()
    {
        Assert.Equal(new DomainPeer(Carol, "node2", Second.Uid), SharingDomain.Peer([First, Second], "NODE2", Self));
        Assert.Equal(new DomainPeer(Bob, "node1", First.Uid), SharingDomain.Peer([First, Second], "node1", Self));
        Assert.Null(SharingDomain.Peer([First, Second], "node0", Self));
        Assert.Null(SharingDomain.Peer([First, Second], "node3", Self));
    }

    private static SharingDomain Domain(string name, Guid uid, params (string Id, string Name)[] members) =>
        new(name, new MemberList(uid, members[0].Id, 1, "100.64.0.0/16", [.. members.Select(m => new DomainMember(m.Id, m.Name, "key", "host:51820", "100.64.0.1"))]));
}
