using Dtaas.Federation.Protocol;
using Google.Protobuf;
using V1 = Dtaas.Federation.Protocol.V1;

namespace Dtaas.Federation.Tests.Protocol;

/// <summary>
/// The calls as the proto declares them: every request carries the caller's context where the sending node stamps it,
/// the stamp is the context the receiver reads whatever the request carried, and a request names exactly its call.
/// </summary>
public sealed class FederationMethodsTests
{
    [Fact]
    public void EveryRequestCarriesTheContextAsField1()
    {
        foreach (var method in V1.Federation.Descriptor.Methods)
        {
            var field = method.InputType.FindFieldByNumber(1);
            Assert.True(field is { Name: "context" } && field.MessageType == V1.RequestContext.Descriptor, $"{method.InputType.Name} has no context as field 1");
        }
    }

    [Fact]
    public void TheStampedContextWinsOverTheRequests()
    {
        var forged = new V1.ProbeRequest { Context = new V1.RequestContext { DomainUid = "forged", CallerNodeId = "someone-else" } };
        var stamped = FederationMethods.Stamp(forged.ToByteArray(), new V1.RequestContext { DomainUid = "domain", CallerNodeId = "me" });

        var read = V1.ProbeRequest.Parser.ParseFrom(stamped);

        Assert.Equal("domain", read.Context.DomainUid);
        Assert.Equal("me", read.Context.CallerNodeId);
    }

    [Fact]
    public void TheStampKeepsTheRequestsOwnFields()
    {
        var request = new V1.LeaveNetworkRequest { Name = "net" };
        var read = V1.LeaveNetworkRequest.Parser.ParseFrom(FederationMethods.Stamp(request.ToByteArray(), new V1.RequestContext { CallerNodeId = "me" }));

        Assert.Equal("net", read.Name);
        Assert.Equal("me", read.Context.CallerNodeId);
    }

    [Fact]
    public void ARequestNamesItsCallAndOnlyWithItsAnswer()
    {
        Assert.Equal("Probe", FederationMethods.NameOf(V1.ProbeRequest.Descriptor, V1.ProbeResponse.Descriptor));
        Assert.Throws<ArgumentException>(() => FederationMethods.NameOf(V1.ProbeRequest.Descriptor, V1.LeaveResponse.Descriptor));
        Assert.Throws<ArgumentException>(() => FederationMethods.NameOf(V1.RequestContext.Descriptor, V1.ProbeResponse.Descriptor));
        Assert.Throws<ArgumentException>(() => FederationMethods.Method("NoSuchCall"));
    }
}
