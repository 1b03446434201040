using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Servables;

namespace Dtaas.Grains.Tests.Objects;

/// <summary>A dtServable read as access rules (owner, direct grants) and as what one caller may see.</summary>
public sealed class ServableObjectsTests
{
    private const string Node = "node0.example.org";

    private static readonly DtServable Model = new()
    {
        Metadata = new ObjectMeta { Name = "churn", Namespace = "default" },
        Spec = new DtServableSpec { Type = DtServableType.Model, Owner = "alice", Description = "churn model" },
        Id = "9c2e0000000000000000000000000000",
        Grants =
        [
            new DtServableGrant { Principal = "bob@node1.example.org", Capabilities = ["READ", "REQUEST"], GrantedBy = "alice@node0.example.org" },
            new DtServableGrant { Principal = "carol@node2.example.org", Capabilities = ["DISCOVER"] },
            new DtServableGrant { Principal = "not a principal", Capabilities = ["READ"] },
            new DtServableGrant { Principal = "dave@node1.example.org", Capabilities = ["LOOK"] },
        ],
    };

    [Fact]
    public void The_owner_holds_all_seven_grantees_their_grants_and_a_malformed_entry_nothing()
    {
        var access = ServableObjects.Access(Model, Node, TestNodeIds.Of(Principal.Parse($"alice@{Node}")), []);
        Assert.Equal(Capability.All, CapabilityDecision.Held(access, Principal.Parse("alice@node0.example.org"), TestNodeIds.Of(Principal.Parse("alice@node0.example.org"))));
        Assert.Equal(Capability.None, CapabilityDecision.Held(access, Principal.Parse("alice@node1.example.org"), TestNodeIds.Of(Principal.Parse("alice@node1.example.org")))); // another node's alice
        Assert.Equal(Capability.Read | Capability.Request, CapabilityDecision.Held(access, Principal.Parse("bob@node1.example.org"), TestNodeIds.Of(Principal.Parse("bob@node1.example.org"))));
        Assert.Equal(Capability.None, CapabilityDecision.Held(access, Principal.Parse("dave@node1.example.org"), TestNodeIds.Of(Principal.Parse("dave@node1.example.org"))));
        Assert.Equal(2, access.Grants.Count);
    }

    [Fact]
    public void An_owner_field_that_is_no_username_makes_no_one_owner()
    {
        var access = ServableObjects.Access(Model with { Spec = Model.Spec! with { Owner = "Not A Name" } }, Node, TestNodeIds.Of(Principal.Parse($"alice@{Node}")), []);
        Assert.Null(access.Owner);
    }

    [Fact]
    public void Discover_alone_shows_id_and_type_other_capabilities_name_and_node_and_READ_everything()
    {
        Assert.Equal(new Interfaces.Servables.ServableView(Model.Id!, "Model", Capability.Discover), ServableObjects.View(Model, Node, Capability.Discover));

        var requestOnly = ServableObjects.View(Model, Node, Capability.Discover | Capability.Request);
        Assert.Equal(("churn", Node, null), (requestOnly.Name, requestOnly.Node, requestOnly.Details));

        var read = ServableObjects.View(Model, Node, Capability.Read);
        Assert.Equal(("alice", "churn model", 4), (read.Details!.Owner, read.Details.Description, read.Details.Grants.Count));
        Assert.Null(ServableObjects.View(Model, Node, Capability.All, brief: true).Details);
    }
}
