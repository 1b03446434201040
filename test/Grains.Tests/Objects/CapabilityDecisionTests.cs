using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Tests.Objects;

/// <summary>Rule 2 of issue 13: owner → all; else direct grants ∪ what trusts give (trustees also MANAGE); delegation stays within what one holds.</summary>
public sealed class CapabilityDecisionTests
{
    private static readonly Principal Alice = Principal.Parse("alice@node0.example.org");
    private static readonly Principal Bob = Principal.Parse("bob@node1.example.org");
    private static readonly Principal Carol = Principal.Parse("carol@node2.example.org");
    private static readonly Principal Dave = Principal.Parse("dave@node1.example.org");

    private const Capability Shared = Capability.Discover | Capability.Read | Capability.Request;

    private static ObjectAccess Model(ObjectGrant[]? grants = null, TrustLink[]? trusts = null) =>
        new(new NodePrincipal(Alice, TestNodeIds.Of(Alice)), grants ?? [], trusts ?? []);

    /// <summary>A trust as an entry made before node ids were kept names its principals: by name only.</summary>
    private static TrustLink Trust(Principal[] trustees, Principal[] members, Capability capabilities) =>
        new([.. trustees.Select(p => new NodePrincipal(p, null))], [.. members.Select(p => new NodePrincipal(p, null))], capabilities);

    [Fact]
    public void A_trust_entry_made_for_a_node_id_holds_for_that_nodes_user_only_and_one_made_before_ids_by_name()
    {
        const string Later = "99999999999999999999999999999999"; // another node, met later under bob's node's name
        var access = Model(trusts:
        [
            new TrustLink([new NodePrincipal(Bob, TestNodeIds.Of(Bob))], [new NodePrincipal(Dave, TestNodeIds.Of(Dave))], Capability.Read),
            new TrustLink([], [new NodePrincipal(Carol, null)], Capability.Discover),
        ]);

        Assert.Equal(Capability.Read | Capability.Manage, CapabilityDecision.Held(access, Bob, TestNodeIds.Of(Bob)));
        Assert.Equal(Capability.None, CapabilityDecision.Held(access, Bob, Later));
        Assert.Equal(Capability.Read, CapabilityDecision.Held(access, Dave, TestNodeIds.Of(Dave)));
        Assert.Equal(Capability.None, CapabilityDecision.Held(access, Dave, Later));
        Assert.Equal(Capability.Discover, CapabilityDecision.Held(access, Carol, Later));
    }

    [Fact]
    public void The_owner_is_the_user_of_this_node_id_not_a_user_of_another_node_of_the_same_name()
    {
        Assert.Equal(Capability.None, CapabilityDecision.Held(Model(), Alice, "99999999999999999999999999999999"));
    }

    [Fact]
    public void A_grant_made_to_a_node_id_holds_for_that_nodes_user_only_and_one_made_by_name_for_whoever_holds_the_name()
    {
        const string Later = "99999999999999999999999999999999"; // another node, met later under bob's node's name
        var access = Model(grants: [new ObjectGrant(Bob, Capability.Read, TestNodeIds.Of(Bob)), new ObjectGrant(Dave, Capability.Discover)]);

        Assert.Equal(Capability.Read, CapabilityDecision.Held(access, Bob, TestNodeIds.Of(Bob)));
        Assert.Equal(Capability.None, CapabilityDecision.Held(access, Bob, Later));
        Assert.Equal(Capability.Discover, CapabilityDecision.Held(access, Dave, Later));
    }

    [Fact]
    public void The_owner_holds_all_seven()
    {
        Assert.Equal(Capability.All, CapabilityDecision.Held(Model(), Alice, TestNodeIds.Of(Alice)));
        Assert.Equal(Capability.All, CapabilityDecision.Held(Model(), Principal.Parse("alice@NODE0.example.org"), TestNodeIds.Of(Principal.Parse("alice@NODE0.example.org"))));
    }

    [Fact]
    public void A_principal_with_no_grant_and_no_trust_holds_nothing()
    {
        Assert.Equal(Capability.None, CapabilityDecision.Held(Model(), Bob, TestNodeIds.Of(Bob)));
        Assert.Equal(Capability.None, CapabilityDecision.Held(Model(), Principal.Parse("alice@node1.example.org"), TestNodeIds.Of(Principal.Parse("alice@node1.example.org"))));
    }

    [Fact]
    public void A_direct_grant_gives_exactly_its_capabilities_to_its_principal()
    {
        var access = Model(grants: [new ObjectGrant(Bob, Capability.Read | Capability.Request), new ObjectGrant(Bob, Capability.Discover)]);

        Assert.Equal(Shared, CapabilityDecision.Held(access, Bob, TestNodeIds.Of(Bob)));
        Assert.Equal(Capability.None, CapabilityDecision.Held(access, Dave, TestNodeIds.Of(Dave)));
    }

    [Fact]
    public void A_trust_member_gets_the_trusts_capabilities_on_the_object()
    {
        var access = Model(trusts: [Trust([Carol], [Bob], Shared)]);

        Assert.Equal(Shared, CapabilityDecision.Held(access, Bob, TestNodeIds.Of(Bob)));
        Assert.Equal(Capability.None, CapabilityDecision.Held(access, Dave, TestNodeIds.Of(Dave)));
    }

    [Fact]
    public void A_trustee_gets_the_trusts_capabilities_and_MANAGE()
    {
        var access = Model(trusts: [Trust([Carol], [Bob], Shared)]);

        Assert.Equal(Shared | Capability.Manage, CapabilityDecision.Held(access, Carol, TestNodeIds.Of(Carol)));
    }

    [Fact]
    public void Grants_and_every_trust_add_up()
    {
        var access = Model(
            grants: [new ObjectGrant(Bob, Capability.Update)],
            trusts: [Trust([Carol], [Bob], Capability.Discover | Capability.Read), Trust([Bob], [], Capability.Request)]);

        Assert.Equal(Capability.Update | Shared | Capability.Manage, CapabilityDecision.Held(access, Bob, TestNodeIds.Of(Bob)));
    }

    [Fact]
    public void Leaving_a_trust_takes_away_what_it_gave_and_leaves_the_grants()
    {
        var grant = new ObjectGrant(Bob, Capability.Discover);
        var before = Model(grants: [grant], trusts: [Trust([Carol], [Bob], Shared)]);
        var after = Model(grants: [grant], trusts: [Trust([Carol], [], Shared)]);

        Assert.Equal(Shared, CapabilityDecision.Held(before, Bob, TestNodeIds.Of(Bob)));
        Assert.Equal(Capability.Discover, CapabilityDecision.Held(after, Bob, TestNodeIds.Of(Bob)));
    }

    [Fact]
    public void The_owner_and_a_trustee_may_give_what_they_hold()
    {
        var access = Model(trusts: [Trust([Carol], [Bob], Shared)]);

        Assert.Null(CapabilityDecision.DelegationRefusal(access, Alice, TestNodeIds.Of(Alice), Capability.All));
        Assert.Null(CapabilityDecision.DelegationRefusal(access, Carol, TestNodeIds.Of(Carol), Capability.Read | Capability.Request));
        Assert.Null(CapabilityDecision.DelegationRefusal(access, Carol, TestNodeIds.Of(Carol), Capability.Manage));
    }

    [Fact]
    public void Giving_without_MANAGE_is_refused_saying_what_the_actor_holds()
    {
        var access = Model(trusts: [Trust([Carol], [Bob], Shared)]);

        Assert.Equal(
            "bob@node1.example.org needs MANAGE on this object to give capabilities on it; it holds DISCOVER, READ, REQUEST.",
            CapabilityDecision.DelegationRefusal(access, Bob, TestNodeIds.Of(Bob), Capability.Read));
        Assert.Equal(
            "dave@node1.example.org needs MANAGE on this object to give capabilities on it; it holds none.",
            CapabilityDecision.DelegationRefusal(access, Dave, TestNodeIds.Of(Dave), Capability.Discover));
    }

    [Fact]
    public void Giving_more_than_one_holds_is_refused_naming_what_is_missing()
    {
        var access = Model(grants: [new ObjectGrant(Bob, Capability.Manage | Capability.Read)]);

        Assert.Equal(
            "bob@node1.example.org can give only capabilities it holds on this object: it does not hold UPDATE, DELETE.",
            CapabilityDecision.DelegationRefusal(access, Bob, TestNodeIds.Of(Bob), Capability.Read | Capability.Update | Capability.Delete));
        Assert.Null(CapabilityDecision.DelegationRefusal(access, Bob, TestNodeIds.Of(Bob), Capability.Read));
    }

    [Fact]
    public void Giving_nothing_is_refused()
    {
        Assert.Equal("Name at least one capability to give.", CapabilityDecision.DelegationRefusal(Model(), Alice, TestNodeIds.Of(Alice), Capability.None));
    }
}
