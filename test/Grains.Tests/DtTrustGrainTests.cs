using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests;

/// <summary>
/// A dtTrust on its home node, as its trustees, its members and everyone else meet it: only a user of this node makes
/// one (under an id naming this node), only trustees change it, a stranger cannot tell that it exists, and it keeps a trustee.
/// </summary>
public sealed class DtTrustGrainTests : IAsyncLifetime
{
    private const string NodeId = "0123456789abcdef0123456789abcdef";
    private const string OtherNodeId = "fedcba9876543210fedcba9876543210";
    private static readonly VerifiedPrincipal Alice = User("alice", "node0.example.org", NodeId);
    private static readonly VerifiedPrincipal Bob = User("bob", "node1.example.org", OtherNodeId);
    private readonly string _id = TrustIds.New(NodeId);
    private InProcessTestCluster _cluster = null!;

    private IDtTrustGrain Trust => _cluster.Client.GetGrain<IDtTrustGrain>($"default/{_id}");

    public async Task InitializeAsync() =>
        _cluster = await GrainTestSilo.StartAsync(services => services
            .AddSingleton(new NodeDescription(NodeId, "node0.example.org", DateTimeOffset.UnixEpoch, ""))
            .AddSingleton(new FederationSettings("10.0.0.1", 51820))
            .AddSingleton<ILocalObjects>(new ListedObjects())
            .AddSingleton<IFederationClient>(new UnreachableFederation()));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static VerifiedPrincipal User(string name, string node, string nodeId) =>
        new(Principal.Of(name, node), new PrincipalId(nodeId, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())));

    [Fact]
    public async Task Its_creator_is_its_first_trustee_and_a_second_create_conflicts()
    {
        var created = await Trust.Create(Alice, "partners", default);

        Assert.Equal(ServableOutcome.Done, created.Outcome);
        Assert.Equal((_id, "partners"), (created.Trust!.Id, created.Trust.Name));
        Assert.Equal(["alice@node0.example.org"], created.Trust.Trustees);
        Assert.Empty(created.Trust.Members);
        var again = await Trust.Create(Alice, "partners", default);
        Assert.Equal(ServableOutcome.Conflict, again.Outcome);
        Assert.Contains("exists already", again.Error);
    }

    [Fact]
    public async Task Only_a_user_of_this_node_creates_one_with_a_name_under_an_id_naming_this_node()
    {
        Assert.Equal(ServableOutcome.Forbidden, (await Trust.Create(Bob, "mine", default)).Outcome);
        Assert.Equal(ServableOutcome.Invalid, (await Trust.Create(Alice, " ", default)).Outcome);

        var elsewhere = await _cluster.Client.GetGrain<IDtTrustGrain>($"default/{TrustIds.New(OtherNodeId)}").Create(Alice, "posing", default);
        Assert.Equal(ServableOutcome.Invalid, elsewhere.Outcome);
        Assert.Contains("does not name this node as its home", elsewhere.Error);
    }

    [Fact]
    public async Task A_member_sees_it_but_only_trustees_change_it_and_a_stranger_cannot_tell_it_exists()
    {
        await Trust.Create(Alice, "partners", default);
        var added = await Trust.AddMember(Alice, Bob.Principal, trustee: false, default);
        Assert.Equal(["bob@node1.example.org"], added.Trust!.Members);

        Assert.Equal(ServableOutcome.Done, (await Trust.View(Bob, default)).Outcome);
        var bobAdds = await Trust.AddMember(Bob, Principal.Of("carol", "node1.example.org"), trustee: true, default);
        Assert.Equal(ServableOutcome.Forbidden, bobAdds.Outcome);
        Assert.Contains("only the trustees", bobAdds.Error);

        var stranger = User("carol", "node2.example.org", "cccccccccccccccccccccccccccccccc");
        var seen = await Trust.View(stranger, default);
        var deleting = await Trust.Delete(stranger, default);
        Assert.Equal((ServableOutcome.Hidden, ServableOutcome.Hidden), (seen.Outcome, deleting.Outcome));
        Assert.Equal($"no trust {_id}", seen.Error); // what a trust that does not exist answers
    }

    [Fact]
    public async Task A_user_of_a_later_node_of_the_same_name_is_not_its_trustee()
    {
        await Trust.Create(Alice, "partners", default);

        var impostor = User("alice", "node0.example.org", OtherNodeId);

        Assert.Equal(ServableOutcome.Hidden, (await Trust.AddMember(impostor, impostor.Principal, trustee: true, default)).Outcome);
    }

    [Fact]
    public async Task It_keeps_a_trustee_and_a_deleted_trust_is_gone_for_its_trustees_too()
    {
        await Trust.Create(Alice, "partners", default);

        var last = await Trust.RemoveMember(Alice, Alice.Principal, default);
        Assert.Equal(ServableOutcome.Invalid, last.Outcome);
        Assert.Contains("at least one trustee", last.Error);
        Assert.Equal(ServableOutcome.Missing, (await Trust.RemoveMember(Alice, Bob.Principal, default)).Outcome);
        Assert.Equal(ServableOutcome.Invalid, (await Trust.LinkObject(Alice, "node0.example.org", "object1", Capability.None, default)).Outcome);

        Assert.Equal(ServableOutcome.Done, (await Trust.Delete(Alice, default)).Outcome);
        Assert.Equal(ServableOutcome.Hidden, (await Trust.View(Alice, default)).Outcome);
    }
}
