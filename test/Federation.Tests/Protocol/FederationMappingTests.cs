using System.Text.Json;
using Dtaas.Federation.Protocol;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Users;
using Google.Protobuf;
using V1 = Dtaas.Federation.Protocol.V1;

namespace Dtaas.Federation.Tests.Protocol;

/// <summary>
/// The records the grains exchange survive the federation protocol's messages unchanged: record → message → bytes on
/// the wire → message → record gives an equal record (compared as the grains' JSON, which sees every field).
/// </summary>
public sealed class FederationMappingTests
{
    private static readonly Guid DomainUid = Guid.Parse("6f1c2a4e-93d1-4f0e-9a55-0c3e2d1b7a80");

    [Fact]
    public void A_member_list_round_trips()
    {
        var memberList = new MemberList(DomainUid, Node('a'), 7, "100.64.0.0/16",
        [
            new DomainMember(Node('a'), "node0.example.org", Key(1), "10.0.0.10:51820", "100.64.0.1"),
            new DomainMember(Node('b'), "node1.example.org", Key(2), "[fd00::2]:51821", "100.64.0.2"),
            new DomainMember(Node('c'), "node2.example.org", Key(3), "node2.example.org:51820", "100.64.0.3"),
        ]);

        var back = Wire(memberList.ToMessage(), V1.Membership.Parser).ToRecord();

        Assert.True(memberList.SameAs(back));
        AssertSame(memberList, back, GrainsJsonContext.Default.MemberList);
    }

    [Fact]
    public void An_app_set_round_trips_with_each_kind_of_spec_and_none()
    {
        var set = new AppSet(DomainUid,
        [
            new SharedApp(Node('1'), Node('a'), "node0.example.org", "mydtapp", ["mydomain", "other"],
                new DtAppSpec { AuthenticationType = DtAppAuthenticationType.Custom, AuthenticationUrl = "http://auth.example.org/check?x=1" }),
            new SharedApp(Node('2'), Node('a'), "node0.example.org", "plain", ["mydomain"], new DtAppSpec { AuthenticationType = DtAppAuthenticationType.None }),
            new SharedApp(Node('3'), Node('a'), "node0.example.org", "bare", [], null),
            new SharedApp(Node('4'), Node('a'), "node0.example.org", "empty-spec", ["mydomain"], new DtAppSpec()),
        ]);

        var back = Wire(set.ToMessage(), V1.AppSet.Parser).ToRecord();

        Assert.True(set.SameAs(back));
        AssertSame(set, back, GrainsJsonContext.Default.AppSet);
        Assert.Null(back.Apps[2].Spec);
        Assert.NotNull(back.Apps[3].Spec);
        Assert.Null(back.Apps[3].Spec!.AuthenticationType);
    }

    [Fact]
    public void A_network_join_and_both_kinds_of_answer_round_trip()
    {
        var join = new NetworkJoin("myservice", Key(4), "10.0.0.11:51830");
        var network = Network(dissolved: false);
        var placed = new NetworkAnswer(network, null);
        var refused = NetworkAnswer.Refused("node x is not a member of the domain");

        AssertSame(join, Wire(join.ToMessage(), V1.NetworkJoin.Parser).ToRecord(), GrainsJsonContext.Default.NetworkJoin);
        AssertSame(placed, Wire(placed.ToMessage(), V1.NetworkAnswer.Parser).ToRecord(), GrainsJsonContext.Default.NetworkAnswer);
        AssertSame(refused, Wire(refused.ToMessage(), V1.NetworkAnswer.Parser).ToRecord(), GrainsJsonContext.Default.NetworkAnswer);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_network_state_round_trips(bool dissolved)
    {
        var network = Network(dissolved);

        var back = Wire(network.ToMessage(), V1.ServiceNetwork.Parser).ToRecord();

        AssertSame(network, back, GrainsJsonContext.Default.ServiceNetwork);
        Assert.Equal(NetworkRole.Server, back.Server?.Role);
        Assert.Null(back.Find(Node('b'))!.Endpoint);
    }

    [Fact]
    public void A_node_answer_round_trips()
    {
        var info = new NodeInfo(Node('a'), "node0.example.org", "1.2.3+abc", new DateTimeOffset(2026, 12, 2, 14, 25, 7, TimeSpan.Zero).AddTicks(1234567));

        var back = Wire(info.ToMessage(), V1.NodeInfo.Parser).ToRecord();

        Assert.Equal(info, back);
    }

    [Fact]
    public void A_shared_user_round_trips()
    {
        var user = new SharedUser("0123456789abcdef0123456789abcdef", "alice", Node('a'), "node0.example.org");

        var back = Wire(user.ToMessage(), V1.SharedUser.Parser).ToRecord();

        Assert.Equal(user, back);
    }

    public static TheoryData<TrustChange> TrustChanges() =>
    [
        new TrustChange.View(),
        new TrustChange.Delete(),
        new TrustChange.AddMember(Principal.Of("bob", "node1.example.org"), Trustee: true),
        new TrustChange.RemoveMember(Principal.Of("bob", "node1.example.org")),
        new TrustChange.LinkObject("node0.example.org", "0123456789abcdef0123456789abcdef", Capability.Discover | Capability.Read),
        new TrustChange.UnlinkObject("0123456789abcdef0123456789abcdef"),
    ];

    [Theory]
    [MemberData(nameof(TrustChanges))]
    public void Each_change_of_a_trust_round_trips(TrustChange change)
    {
        var request = new V1.ChangeTrustRequest { TrustId = "fedcba9876543210fedcba9876543210" };
        request.SetChange(change);

        Assert.Equal(change, Wire(request, V1.ChangeTrustRequest.Parser).ToChange());
    }

    [Fact]
    public void A_trust_answer_round_trips_without_its_home_which_the_asking_node_names()
    {
        var trust = new TrustView("fedcba9876543210fedcba9876543210", "sharing", "node2.example.org", ["carol@node2.example.org"], ["bob@node1.example.org"],
            [new TrustLinkView("node0.example.org", "0123456789abcdef0123456789abcdef", ["DISCOVER", "READ"])], 3);

        var back = Wire(TrustAnswer.Done(trust).ToMessage(), V1.ChangeTrustResponse.Parser).ToRecord();
        var refused = Wire(TrustAnswer.Refused(ServableOutcome.Forbidden, "only the trustees").ToMessage(), V1.ChangeTrustResponse.Parser).ToRecord();

        Assert.Equal((trust.Id, trust.Name, "", trust.Version), (back.Trust!.Id, back.Trust.Name, back.Trust.Node, back.Trust.Version));
        Assert.Equal(trust.Trustees, back.Trust.Trustees);
        Assert.Equal(trust.Members, back.Trust.Members);
        var link = Assert.Single(back.Trust.Objects);
        Assert.Equal((trust.Objects[0].Node, trust.Objects[0].Id), (link.Node, link.Id));
        Assert.Equal(trust.Objects[0].Capabilities, link.Capabilities);
        Assert.Equal((ServableOutcome.Forbidden, "only the trustees", null), (refused.Outcome, refused.Error, refused.Trust));
    }

    [Fact]
    public void A_trusted_set_carries_each_entrys_node_id_and_one_from_a_home_that_sends_none_goes_by_name()
    {
        const string Home = "fedcba9876543210fedcba9876543210", Bob = "0123456789abcdef0123456789abcdef";
        var set = new TrustedSet(TrustIds.New(Home), Home, 4, ["carol@node2.example.org"], ["bob@node1.example.org", "dave@node3.example.org"],
            ["00112233445566778899aabbccddeeff"], new Dictionary<string, string> { ["carol@node2.example.org"] = Home, ["bob@node1.example.org"] = Bob });

        var back = Wire(set.ToRequest(withdrawn: false), V1.ApplyTrustRequest.Parser).ToRecord(Home);
        var request = set.ToRequest(withdrawn: false);
        request.NodeIds.Clear(); // as a home of an earlier version sends it
        var older = Wire(request, V1.ApplyTrustRequest.Parser).ToRecord(Home);

        Assert.Equal((set.TrustId, set.Version), (back.TrustId, back.Version));
        Assert.Equal(set.Trustees, back.Trustees);
        Assert.Equal(set.Members, back.Members);
        Assert.Equal(set.ObjectIds, back.ObjectIds);
        Assert.Equal(set.NodeIds!.OrderBy(p => p.Key), back.NodeIds!.OrderBy(p => p.Key));
        Assert.Empty(older.NodeIds!);
    }

    [Fact]
    public void A_change_of_a_trust_naming_a_principal_that_does_not_parse_is_an_argument_error()
    {
        var request = new V1.ChangeTrustRequest { RemoveMember = new V1.RemoveTrustMember { Principal = "nobody" } };

        Assert.Throws<ArgumentException>(() => request.ToChange());
        Assert.Throws<ArgumentException>(() => new V1.ChangeTrustRequest().ToChange());
    }

    [Fact]
    public void Malformed_uuids_and_unknown_roles_are_argument_errors_naming_the_field()
    {
        var memberList = new V1.Membership { DomainUid = "not-a-uuid", CreatorNodeId = Node('a') };
        var network = Network(dissolved: false).ToMessage();
        network.Peers[1].Role = V1.NetworkRole.Unspecified;

        Assert.Contains("membership.domain_uid 'not-a-uuid' is not a UUID", Assert.Throws<ArgumentException>(() => memberList.ToRecord()).Message);
        Assert.Contains("neither server nor client", Assert.Throws<ArgumentException>(() => network.ToRecord()).Message);
        Assert.Throws<ArgumentException>(() => new NetworkPeer("100.96.0.9", Node('c'), Key(9), "observer", null).ToMessage());
    }

    private static ServiceNetwork Network(bool dissolved) => new(DomainUid, "myservice", Guid.Parse("0b8e3f55-2c4d-4b8a-8f00-5a1d3e7c9b21"), 3,
        "100.96.0.0/24",
        [
            new NetworkPeer("100.96.0.1", Node('a'), Key(5), NetworkRole.Server, "10.0.0.10:51830"),
            new NetworkPeer("100.96.0.2", Node('b'), Key(6), NetworkRole.Client, null),
        ],
        dissolved);

    // Through the bytes a peer would receive, not just the object graph.
    private static T Wire<T>(T message, MessageParser<T> parser) where T : IMessage<T> => parser.ParseFrom(message.ToByteArray());

    private static void AssertSame<T>(T expected, T actual, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> json) =>
        Assert.Equal(JsonSerializer.Serialize(expected, json), JsonSerializer.Serialize(actual, json));

    private static string Node(char digit) => new(digit, 32);

    private static string Key(byte seed) => Convert.ToBase64String(Enumerable.Repeat(seed, 32).ToArray());
}
