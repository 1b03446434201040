using Dtaas.Federation.Protocol;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Google.Protobuf;
using V1 = Dtaas.Federation.Protocol.V1;

namespace Dtaas.Federation.Tests.Protocol;

/// <summary>A user's action on another member's servable (<c>ActOnServable</c>) survives the wire; its answer too, without the object node's URI and Service.</summary>
public sealed class ServableActionMappingTests
{
    public static TheoryData<ServableAction> Actions =>
    [
        new ServableAction.Read(),
        new ServableAction.Grant(Principal.Parse("carol@node1.example.org"), Capability.Read | Capability.Request),
        new ServableAction.Revoke(Principal.Parse("carol@node1.example.org")),
        new ServableAction.Update("churn model, retrained", null, null),
        new ServableAction.Update(null, null, null),
        new ServableAction.Delete(),
    ];

    [Fact]
    public void An_update_carries_its_tags_and_an_empty_list_clears_them()
    {
        var request = new V1.ActOnServableRequest();
        request.SetAction(new ServableAction.Update(null, ["ml", "churn"], null));
        var cleared = new V1.ActOnServableRequest();
        cleared.SetAction(new ServableAction.Update(null, [], null));

        Assert.Equal(["ml", "churn"], ((ServableAction.Update)Wire(request, V1.ActOnServableRequest.Parser).ToAction()).Tags);
        Assert.Equal([], ((ServableAction.Update)Wire(cleared, V1.ActOnServableRequest.Parser).ToAction()).Tags!);
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public void Each_action_round_trips(ServableAction action)
    {
        var request = new V1.ActOnServableRequest { ServableId = "0123456789abcdef0123456789abcdef" };
        request.SetAction(action);

        Assert.Equal(action, Wire(request, V1.ActOnServableRequest.Parser).ToAction());
    }

    [Fact]
    public void Actions_that_do_not_travel_and_malformed_principals_are_argument_errors()
    {
        Assert.Throws<ArgumentException>(() => new V1.ActOnServableRequest().SetAction(new ServableAction.Request()));
        // A Service is the object node's business.
        Assert.Throws<ArgumentException>(() => new V1.ActOnServableRequest().SetAction(new ServableAction.Update(null, null, new DtAppServiceSelector { Name = "other" })));
        Assert.Throws<ArgumentException>(() => new V1.ActOnServableRequest().ToAction());
        Assert.Throws<ArgumentException>(() => new V1.ActOnServableRequest { Revoke = new V1.RevokeOnServable { Principal = "nobody" } }.ToAction());
    }

    [Fact]
    public void An_answer_round_trips_without_the_uri_and_service_of_the_objects_node()
    {
        var grants = new List<DtServableGrant> { new() { Principal = "bob@node1.example.org", Capabilities = ["READ"] } };
        var view = new ServableView("0123456789abcdef0123456789abcdef", DtServableType.Model, Capability.Read, "churn", "node0.example.org",
            new ServableDetails("alice", "http://0123456789abcdef0123456789abcdef.node0.example.org", "Ready", null, "churn model", ["ml"],
                new DtAppServiceSelector { Name = "churn-svc", Port = 8080 }, grants));

        var back = Wire(ServableAnswer.Done(view).ToActMessage(), V1.ActOnServableResponse.Parser).ToRecord();
        var refused = Wire(ServableAnswer.Refused(ServableOutcome.Forbidden, "needs MANAGE").ToActMessage(), V1.ActOnServableResponse.Parser).ToRecord();

        Assert.Equal((view.Id, view.Type, view.Capabilities, view.Name, view.Node), (back.Servable!.Id, back.Servable.Type, back.Servable.Capabilities, back.Servable.Name, back.Servable.Node));
        var details = back.Servable.Details!;
        Assert.Equal(("alice", null, "Ready", null, "churn model", null), (details.Owner, details.Uri, details.Status, details.Message, details.Description, details.ServiceSelector));
        Assert.Equal(["ml"], details.Tags);
        Assert.Equal(("bob@node1.example.org", "READ"), (details.Grants.Single().Principal, details.Grants.Single().Capabilities!.Single()));
        Assert.Equal((ServableOutcome.Forbidden, "needs MANAGE", null), (refused.Outcome, refused.Error, refused.Servable));
    }

    private static T Wire<T>(T message, MessageParser<T> parser) where T : IMessage<T> => parser.ParseFrom(message.ToByteArray());
}
