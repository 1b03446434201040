using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Tests;

public sealed class MemberListDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Domain = Guid.NewGuid();

    private static string Hex(int i) => i.ToString("x32");
    private static string Key(int i) => Convert.ToBase64String(Enumerable.Repeat((byte)i, 32).ToArray());
    private static JoinRequest Request(int i) => new(Hex(i), $"node{i}.example.org", Key(i), $"10.0.0.{i}:51820");

    private static MemberList Created() =>
        MemberListDecisions.Create(Domain, new DomainMember(Hex(0), "node0.example.org", Key(0), "10.0.0.100:51820", ""), "100.64.0.0/16");

    [Fact]
    public void Fifty_joiners_get_distinct_addresses_and_every_change_a_new_version()
    {
        var memberList = Created();
        for (int i = 1; i <= 50; i++)
        {
            var result = MemberListDecisions.Admit(memberList, Request(i), InvitePolicy.None, usesSoFar: i - 1, Now);
            Assert.True(result.Admitted, result.Reason);
            Assert.Equal(memberList.Version + 1, result.MemberList!.Version);
            memberList = result.MemberList;
        }
        Assert.Equal(51, memberList.Members.Count);
        Assert.Equal("100.64.0.1", memberList.Find(Hex(0))!.OverlayAddress);
        Assert.Equal(51, memberList.Members.Select(m => m.OverlayAddress).Distinct().Count());
    }

    [Fact]
    public void A_retried_join_gets_its_place_back_without_using_the_token()
    {
        var first = MemberListDecisions.Admit(Created(), Request(1), InvitePolicy.None, 0, Now);
        var again = MemberListDecisions.Admit(first.MemberList!, Request(1), new InvitePolicy(null, MaxUses: 1), usesSoFar: 1, Now);

        Assert.True(again.Admitted);
        Assert.False(again.CountsAsUse);
        Assert.Same(first.MemberList, again.MemberList);
        Assert.Equal(first.Member, again.Member);
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("used-up", "used up (2 of 2 joins)")]
    public void Policy_refuses_expired_and_used_up_tokens(string which, string reason)
    {
        var policy = which == "expired" ? new InvitePolicy(Now.AddMinutes(-1), null) : new InvitePolicy(null, 2);
        var result = MemberListDecisions.Admit(Created(), Request(1), policy, usesSoFar: 2, Now);
        Assert.False(result.Admitted);
        Assert.Contains(reason, result.Reason);
    }

    [Theory]
    [InlineData("node0.example.org", 0)] // the creator's own name
    [InlineData("NODE1.Example.org", 1)] // another member's, in other case
    public void A_name_another_member_holds_is_refused_and_nothing_changes(string name, int holder)
    {
        var memberList = MemberListDecisions.Admit(Created(), Request(1), InvitePolicy.None, 0, Now).MemberList!;

        var result = MemberListDecisions.Admit(memberList, Request(2) with { Name = name }, InvitePolicy.None, 1, Now);

        Assert.False(result.Admitted);
        Assert.Null(result.MemberList);
        Assert.Contains($"node name {name} is taken in this domain by node {Hex(holder)}", result.Reason);
        // The holder itself coming back with its name keeps its place.
        Assert.True(MemberListDecisions.Admit(memberList, Request(1), InvitePolicy.None, 1, Now).Admitted);
    }

    [Fact]
    public void Bad_requests_the_creator_itself_and_key_conflicts_are_refused_with_the_reason()
    {
        var memberList = MemberListDecisions.Admit(Created(), Request(1), InvitePolicy.None, 0, Now).MemberList!;
        (JoinRequest Request, string Reason)[] cases =
        [
            (Request(2) with { NodeId = "XYZ" }, "not 32 lowercase hex"),
            (Request(2) with { PublicKey = "short" }, "public key"),
            (Request(2) with { Endpoint = "no-port" }, "not host:port"),
            (Request(0), "cannot join a domain it created"),
            (Request(1) with { PublicKey = Key(9) }, "already a member with another key"),
            (Request(2) with { PublicKey = Key(1) }, "already uses this public key"),
        ];
        foreach (var (request, reason) in cases)
        {
            var result = MemberListDecisions.Admit(memberList, request, InvitePolicy.None, 0, Now);
            Assert.False(result.Admitted);
            Assert.Contains(reason, result.Reason);
        }
    }

    [Fact]
    public void Removal_frees_the_address_and_the_creator_stays()
    {
        var memberList = MemberListDecisions.Admit(Created(), Request(1), InvitePolicy.None, 0, Now).MemberList!;
        memberList = MemberListDecisions.Admit(memberList, Request(2), InvitePolicy.None, 1, Now).MemberList!;

        var removed = MemberListDecisions.Remove(memberList, Hex(1));
        Assert.Equal(memberList.Version + 1, removed.Version);
        Assert.Null(removed.Find(Hex(1)));
        Assert.Same(removed, MemberListDecisions.Remove(removed, Hex(0)));
        Assert.Equal("100.64.0.2", MemberListDecisions.Admit(removed, Request(3), InvitePolicy.None, 2, Now).Member!.OverlayAddress);
    }

    [Fact]
    public void A_member_takes_only_newer_lists_from_its_creator()
    {
        var v1 = Created();
        var v2 = MemberListDecisions.Admit(v1, Request(1), InvitePolicy.None, 0, Now).MemberList!;

        Assert.True(MemberListDecisions.Supersedes(null, v1, Hex(0)));
        Assert.True(MemberListDecisions.Supersedes(v1, v2, Hex(0)));
        Assert.False(MemberListDecisions.Supersedes(v2, v1, Hex(0)));        // late push
        Assert.False(MemberListDecisions.Supersedes(v2, v2, Hex(0)));        // repeated push
        Assert.False(MemberListDecisions.Supersedes(v1, v2, Hex(1)));        // not from the creator
        Assert.False(MemberListDecisions.Supersedes(v1, v2 with { DomainUid = Guid.NewGuid() }, Hex(0)));
    }

    [Fact]
    public void Annotations_set_the_policy_and_bad_values_are_named()
    {
        var policy = InvitePolicy.FromAnnotations(new Dictionary<string, string>
        {
            [InvitePolicy.ExpiresAtAnnotation] = "2027-01-01T00:00:00Z",
            [InvitePolicy.MaxUsesAnnotation] = "3",
        }, out var error);
        Assert.Null(error);
        Assert.Equal(new InvitePolicy(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), 3), policy);

        InvitePolicy.FromAnnotations(new Dictionary<string, string> { [InvitePolicy.MaxUsesAnnotation] = "-1" }, out error);
        Assert.Contains(InvitePolicy.MaxUsesAnnotation, error);
        InvitePolicy.FromAnnotations(new Dictionary<string, string> { [InvitePolicy.ExpiresAtAnnotation] = "soon" }, out error);
        Assert.Contains(InvitePolicy.ExpiresAtAnnotation, error);
    }
}
