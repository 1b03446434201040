using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;

namespace Dtaas.Grains.Tests;

public sealed class DomainReconcilerTests
{
    private static readonly Bytes32 Key = Bytes32.Random();
    private static readonly NodeDescription Node = new("0123456789abcdef0123456789abcdef", "node0.example.org", DateTimeOffset.UnixEpoch, Key.ToBase64());
    private static readonly Guid Uid = Guid.NewGuid();

    private static DtDomain Domain(DtDomainSpec? spec = null, string? token = null) => new()
    {
        Metadata = new ObjectMeta { Name = "mydomain", Namespace = "default", Uid = Uid.ToString() },
        Spec = spec,
        InviteToken = token,
    };

    private static DtDomain Reconcile(DtDomain observed) =>
        DomainReconciler.Desired(observed, Node, uid => InviteToken.Issue(uid, Node.Id, Key));

    [Fact]
    public void A_new_domain_gets_a_token_naming_it_this_node_and_its_key_and_is_ready()
    {
        var desired = Reconcile(Domain());

        Assert.Equal(DtDomainStatus.Ready, desired.Status);
        Assert.Null(desired.Message);
        var token = InviteToken.Parse(desired.InviteToken!);
        Assert.Equal(Uid, token.DomainUid);
        Assert.Equal(Node.Id, token.CreatorNodeId);
        Assert.Equal(Key, token.CreatorPublicKey);
        Assert.False(token.Secret.IsZero);
    }

    [Fact]
    public void Reconciling_a_ready_domain_changes_nothing()
    {
        var ready = Reconcile(Domain());
        Assert.Equal(ready, Reconcile(ready));
    }

    [Fact]
    public void Tokens_for_another_domain_or_node_or_garbage_are_replaced()
    {
        var otherDomain = InviteToken.Issue(Guid.NewGuid(), Node.Id, Key).Encode();
        var otherNode = InviteToken.Issue(Uid, "ffffffffffffffffffffffffffffffff", Key).Encode();
        var otherKey = InviteToken.Issue(Uid, Node.Id, Bytes32.Random()).Encode();
        foreach (var stale in new[] { otherDomain, otherNode, otherKey, "garbage" })
        {
            var desired = Reconcile(Domain(token: stale));
            Assert.NotEqual(stale, desired.InviteToken);
            Assert.Equal(Uid, InviteToken.Parse(desired.InviteToken!).DomainUid);
        }
    }

    [Theory]
    [InlineData(null, "abc", "spec.peer.address is empty")]
    [InlineData("10.0.0.1", null, "spec.peer.inviteToken is empty")]
    [InlineData("10.0.0.1", "not-a-token", "spec.peer.inviteToken is not a DTaaS invite token")]
    public void A_join_with_bad_input_fails_with_the_field_named(string? address, string? token, string message)
    {
        var desired = Reconcile(Domain(new DtDomainSpec { Peer = new DtDomainPeer { Address = address, InviteToken = token } }, token: "left-over"));

        Assert.Equal(DtDomainStatus.Failed, desired.Status);
        Assert.StartsWith(message, desired.Message);
        Assert.Null(desired.InviteToken);
    }

    [Fact]
    public void A_join_with_a_well_formed_token_is_left_to_the_join_itself()
    {
        var token = InviteToken.Issue(Guid.NewGuid(), "ffffffffffffffffffffffffffffffff", Bytes32.Random()).Encode();
        var observed = Domain(new DtDomainSpec { Peer = new DtDomainPeer { Address = "10.0.0.1", InviteToken = token } }, token: "left-over");
        var desired = Reconcile(observed);

        Assert.Null(desired.InviteToken);
        Assert.Equal(observed.Status, desired.Status);
    }

    [Fact]
    public void The_rotation_annotation_draws_a_new_token_resets_the_uses_and_goes_away()
    {
        var ready = Reconcile(Domain());
        var asked = DomainAnnotations.With(ready, (DomainAnnotations.RotateInviteToken, "now"), (DomainAnnotations.InviteUses, "3"));

        var rotated = Reconcile(asked);

        Assert.NotEqual(ready.InviteToken, rotated.InviteToken);
        Assert.NotEqual(InviteToken.Parse(ready.InviteToken!).Secret, InviteToken.Parse(rotated.InviteToken!).Secret);
        Assert.False(DomainAnnotations.RotationRequested(rotated));
        Assert.Equal(0, DomainAnnotations.ReadUses(rotated));
        Assert.Equal(DtDomainStatus.Ready, rotated.Status);
    }

    [Fact]
    public void A_member_shows_the_others_as_peers_and_is_removed_when_the_list_drops_it_or_its_creator()
    {
        var creator = new DomainMember("ffffffffffffffffffffffffffffffff", "node1", Bytes32.Random().ToBase64(), "10.0.0.1:51820", "100.64.0.1");
        var self = new DomainMember(Node.Id, Node.Name, Node.PublicKey, "10.0.0.2:51820", "100.64.0.2");
        var other = new DomainMember("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "node2", Bytes32.Random().ToBase64(), "10.0.0.3:51820", "100.64.0.3");
        var list = new MemberList(Uid, creator.NodeId, 3, "100.64.0.0/16", [creator, self, other]);

        var member = DomainReconciler.AsMember(Domain(), list, Node.Id);
        Assert.Equal(DtDomainStatus.Ready, member.Status);
        Assert.Equal([creator.NodeId, other.NodeId], member.Peers);
        Assert.True(list.SameAs(DomainAnnotations.ReadMemberList(member)!));
        Assert.True(DomainAnnotations.HasFinalizer(member));

        var removed = DomainReconciler.AsMember(member, list with { Version = 4, Members = [creator, other] }, Node.Id);
        Assert.Equal(DtDomainStatus.Removed, removed.Status);
        Assert.Contains("removed from the domain by its creator", removed.Message);
        Assert.Null(removed.Peers);

        var dissolved = DomainReconciler.AsMember(member, list with { Version = 4, Members = [] }, Node.Id);
        Assert.Equal(DtDomainStatus.Removed, dissolved.Status);
        Assert.Contains("dissolved", dissolved.Message);
    }

    [Fact]
    public void A_domain_being_deleted_is_left_alone()
    {
        var deleting = Domain() with { Metadata = Domain().Metadata with { DeletionTimestamp = DateTimeOffset.UtcNow } };
        Assert.Same(deleting, Reconcile(deleting));
    }
}
