using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Dtaas.Grains.Tests;

/// <summary>
/// The object models over Orleans (what an SDK client's <c>Get()</c> receives): the same JSON as the Kubernetes API
/// gives, fields DTaaS does not model included, inside the contracts that carry them; an object as the API stored it
/// encoded once; and a copy within a silo the instance itself.
/// </summary>
public sealed class KubernetesModelCodecTests : IDisposable
{
    private const string Stored = """
        {"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtApp","metadata":{"name":"app","namespace":"default","uid":"u-1",
        "resourceVersion":"42","creationTimestamp":"2026-12-08T01:20:32Z","annotations":{"dtaas.io/id":"abc"},"managedFields":[{"manager":"kubectl"}]},
        "serviceSelector":{"name":"svc"},"domainSelector":{"name":["d1","d2"]},"spec":{"authenticationType":"None","future":{"x":1}},
        "URI":"http://abc.node0.example.org","extra":true}
        """;

    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(serializer => serializer.AddDtaasModels()).BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void A_model_travels_as_the_json_the_api_gave_with_fields_dtaas_does_not_model()
    {
        var app = JsonSerializer.Deserialize(Stored, DtApp.JsonTypeInfo)!;

        var received = Serializer.Deserialize<DtApp>(Serializer.SerializeToArray(app))!;

        Assert.Equal(JsonSerializer.Serialize(app, DtApp.JsonTypeInfo), JsonSerializer.Serialize(received, DtApp.JsonTypeInfo));
        Assert.Contains("\"managedFields\":[{\"manager\":\"kubectl\"}]", JsonSerializer.Serialize(received, DtApp.JsonTypeInfo));
        Assert.Equal(["d1", "d2"], received.DomainSelector!.Name);
        Assert.Equal("http://abc.node0.example.org", received.Uri);
    }

    [Fact]
    public void Models_inside_contracts_and_as_object_fields_arrive_as_their_own_types()
    {
        var app = JsonSerializer.Deserialize(Stored, DtApp.JsonTypeInfo)!;
        var write = new ObjectWrite<DtApp>(201, null, app);
        var change = new Interfaces.Node.ObjectChange("dtapps", "default/app", Interfaces.Node.ObjectChange.Added, app);

        var writeReceived = Serializer.Deserialize<ObjectWrite<DtApp>>(Serializer.SerializeToArray(write))!;
        var changeReceived = Serializer.Deserialize<Interfaces.Node.ObjectChange>(Serializer.SerializeToArray(change))!;

        Assert.Equal("http://abc.node0.example.org", writeReceived.Object!.Uri);
        Assert.Equal("42", Assert.IsType<DtApp>(changeReceived.Object).Metadata.ResourceVersion);
        Assert.Null(Serializer.Deserialize<ObjectWrite<DtApp>>(Serializer.SerializeToArray(new ObjectWrite<DtApp>(404, "gone", null)))!.Object);
    }

    [Fact]
    public void An_object_as_the_api_stored_it_is_encoded_once_and_a_new_version_again()
    {
        var codec = _services.GetRequiredService<KubernetesModelCodec>();
        var app = JsonSerializer.Deserialize(Stored, DtApp.JsonTypeInfo)!;

        Assert.Same(codec.Encode(app), codec.Encode(app));
        var changed = app with { Metadata = app.Metadata with { ResourceVersion = "43" }, Uri = "http://abc.node1.example.org" };
        Assert.Contains("abc.node1.example.org", System.Text.Encoding.UTF8.GetString(codec.Encode(changed)));
        // What a user builds (no resourceVersion yet) is not remembered.
        var desired = new DtApp { Spec = new DtAppSpec { AuthenticationType = "None" } };
        Assert.NotSame(codec.Encode(desired), codec.Encode(desired));
    }

    [Fact]
    public void A_copy_within_a_silo_is_the_immutable_instance_itself()
    {
        var app = JsonSerializer.Deserialize(Stored, DtApp.JsonTypeInfo)!;

        Assert.Same(app, _services.GetRequiredService<DeepCopier<DtApp>>().Copy(app));
    }
}
