using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Tests;

/// <summary>
/// A node is its key: across the domains of one node, a name or node id met under two keys belongs to the first met,
/// and every other entry claiming it is refused (issue 20, item 1).
/// </summary>
public sealed class NodeClaimsTests
{
    private const string Self = "00000000000000000000000000000000";
    private const string Bob = "11111111111111111111111111111111";
    private const string Mallory = "99999999999999999999999999999999";
    private static readonly Guid First = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly Guid Second = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000002");
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_entry_with_this_nodes_name_is_refused_naming_the_name_and_both_ids()
    {
        var claims = Claims([Domain("first", First, Monday, Member(Self, "node0.example.org"), Member(Mallory, "NODE0.example.org"))], []);

        Assert.Null(claims.Refusal(First, Self));
        Assert.Equal($"node name NODE0.example.org is held by node {Self}, which this node met first; node {Mallory} uses the same name and is refused",
            claims.Refusal(First, Mallory));
    }

    [Fact]
    public void The_node_met_first_keeps_its_name_even_when_the_other_came_through_an_older_domain()
    {
        // bob was met on Tuesday through the newer domain; mallory joined the older one on Wednesday under bob's name.
        var domains = new[]
        {
            Domain("old", First, Monday, Member(Self, "node0"), Member(Mallory, "node1")),
            Domain("new", Second, Monday.AddDays(1), Member(Bob, "node1"), Member(Self, "node0")),
        };
        var claims = Claims(domains, [Peer(Bob, Monday.AddDays(1)), Peer(Mallory, Monday.AddDays(2))]);

        Assert.Null(claims.Refusal(Second, Bob));
        Assert.Contains($"node name node1 is held by node {Bob}", claims.Refusal(First, Mallory));
    }

    [Fact]
    public void Without_dtPeers_the_older_domain_decides()
    {
        var domains = new[]
        {
            Domain("b", Second, Monday.AddDays(1), Member(Self, "node0"), Member(Bob, "node1")),
            Domain("a", First, Monday, Member(Self, "node0"), Member(Mallory, "node1")),
        };

        var claims = Claims(domains, []);

        Assert.Null(claims.Refusal(First, Mallory));
        Assert.NotNull(claims.Refusal(Second, Bob));
    }

    [Fact]
    public void A_node_id_met_under_another_key_is_refused_and_one_node_in_two_domains_is_accepted_in_both()
    {
        var first = Domain("a", First, Monday, Member(Self, "node0"), Member(Bob, "node1"));
        var same = Domain("b", Second, Monday.AddDays(1), Member(Self, "node0"), Member(Bob, "node1"));
        var spoofed = Domain("b", Second, Monday.AddDays(1), Member(Self, "node0"), Member(Bob, "node9", key: "mallorys-key"));

        Assert.Null(Claims([first, same], []).Refusal(Second, Bob));
        Assert.Null(Claims([first, spoofed], []).Refusal(First, Bob));
        Assert.Contains($"node id {Bob} is held by another key", Claims([first, spoofed], []).Refusal(Second, Bob));
    }

    private static NodeClaims Claims(IEnumerable<(DtDomain, MemberList)> domains, IEnumerable<DtPeer> peers) => NodeClaims.Of(domains, peers, Self);

    private static (DtDomain, MemberList) Domain(string name, Guid uid, DateTimeOffset created, params DomainMember[] members) =>
        (new DtDomain { Metadata = new ObjectMeta { Name = name, Namespace = "dtaas", CreationTimestamp = created } },
            new MemberList(uid, members[0].NodeId, 1, "100.64.0.0/16", members));

    private static DomainMember Member(string id, string name, string? key = null) =>
        new(id, name, key ?? $"key-of-{id}", "host:51820", "100.64.0.9");

    private static DtPeer Peer(string id, DateTimeOffset created) =>
        new() { Metadata = new ObjectMeta { Name = id, Namespace = "dtaas", CreationTimestamp = created }, Id = id };
}
