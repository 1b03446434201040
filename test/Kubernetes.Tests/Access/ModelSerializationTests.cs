using System.Text.Json;
using System.Text.Json.Nodes;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Tests.Access;

public sealed class ModelSerializationTests
{
    [Fact]
    public void A_new_object_writes_its_kind_and_nothing_it_was_not_given()
    {
        var json = JsonSerializer.Serialize(new DtDomain { Metadata = new ObjectMeta { Name = "mydomain" } }, DtDomain.JsonTypeInfo);

        Assert.Equal("""{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtDomain","metadata":{"name":"mydomain"}}""", json);
    }

    [Fact]
    public void The_seed_documents_shapes_read_and_write_back_unchanged()
    {
        string[] documents =
        [
            """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtDomain","metadata":{"name":"mydomain","namespace":"node0","uid":"7486c9fd-dc8d-412b-8ec8-ea3823969156","resourceVersion":"44438196","generation":5,"creationTimestamp":"2020-09-22T17:37:16Z"},"inviteToken":"VHNL8qPU","peers":["ca777327efb4498ab8c8876a6488701e"],"status":"Ready"}""",
            """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtDomain","metadata":{"name":"mydomain"},"spec":{"peer":{"address":"1.2.3.4","inviteToken":"VHNL8qPU"}}}""",
            """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtPeer","metadata":{"name":"ca777327efb4498ab8c8876a6488701e"},"address":"100.64.0.2","connected":true,"dtDomain":"mydomain","id":"ca777327efb4498ab8c8876a6488701e","name":"node0.example.org","publicKey":"Zi1YbyozJju2gzsmEFZxQTsj2VA9hLJmWiFK7YUgaVY=","latency":"1.5ms"}""",
            """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtApp","metadata":{"name":"mydtapp"},"serviceSelector":{"name":"example-service","port":8080},"domainSelector":{"name":["mydomain"]},"spec":{"authenticationType":"Custom","authenticationURL":"http://auth/check"},"URI":"http://0dc2454cd73640a0816c1fee74a040c3.node1.example.org"}""",
            """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtService","metadata":{"name":"myservice"},"spec":{"domainSelector":"mydomain","podSelector":"service-pod","server":{"endpoint":"10.4.0.16:51830","peer":"100.96.0.0/24","publicKey":"d7Q5KQuLcr4VTxJcwsZmtDoq7fEpyYTuR1x0BWiaEXw="}},"peers":{"100.96.0.1":{"labels":{"sid.sightline.dtservice.74dbd2ec528e4db3a496a893f85cd0d2":"server"},"publicKey":"d7Q5KQuLcr4VTxJcwsZmtDoq7fEpyYTuR1x0BWiaEXw="}},"status":"Connected"}""",
        ];

        Assert.Equal(documents[0], RoundTrip(documents[0], DtDomain.JsonTypeInfo));
        Assert.Equal(documents[1], RoundTrip(documents[1], DtDomain.JsonTypeInfo));
        Assert.Equal(documents[2], RoundTrip(documents[2], DtPeer.JsonTypeInfo));
        Assert.Equal(documents[3], RoundTrip(documents[3], DtApp.JsonTypeInfo));
        Assert.Equal(documents[4], RoundTrip(documents[4], DtService.JsonTypeInfo));

        var app = JsonSerializer.Deserialize(documents[3], DtApp.JsonTypeInfo)!;
        Assert.Equal("http://0dc2454cd73640a0816c1fee74a040c3.node1.example.org", app.Uri);
        Assert.Equal("http://auth/check", app.Spec!.AuthenticationUrl);
        Assert.Equal(8080, app.ServiceSelector!.Port!.Value.Number);
        var service = JsonSerializer.Deserialize(documents[4], DtService.JsonTypeInfo)!;
        Assert.Equal("server", service.Peers!["100.96.0.1"].Labels!["sid.sightline.dtservice.74dbd2ec528e4db3a496a893f85cd0d2"]);
        var domain = JsonSerializer.Deserialize(documents[0], DtDomain.JsonTypeInfo)!;
        Assert.Equal(new DateTimeOffset(2020, 9, 22, 17, 37, 16, TimeSpan.Zero), domain.Metadata.CreationTimestamp);
    }

    [Fact]
    public void The_federated_object_shapes_read_and_write_back_unchanged()
    {
        const string user = """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtUser","metadata":{"name":"alice"},"spec":{"passwordSecretRef":{"name":"alice-password","key":"password"},"displayName":"Alice"},"id":"3b1f0c5e9d2a4f6b8c7d1e2f3a4b5c6d","username":"alice","node":"node0.example.org","nodeId":"ca777327efb4498ab8c8876a6488701e","status":"Ready"}""";
        const string servable = """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtServable","metadata":{"name":"churn-model"},"spec":{"type":"Model","owner":"alice","serviceSelector":{"name":"churn-svc","port":8080},"description":"Churn","tags":["churn"]},"id":"9c2e0c5e9d2a4f6b8c7d1e2f3a4b5c6d","URI":"http://9c2e0c5e9d2a4f6b8c7d1e2f3a4b5c6d.node0.example.org","status":"Ready","grants":[{"principal":"bob@node1.example.org","capabilities":["READ","REQUEST"],"grantedBy":"alice@node0.example.org"}]}""";
        const string trust = """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtTrust","metadata":{"name":"71aa0c5e9d2a4f6b8c7d1e2f3a4b5c6d"},"name":"churn-sharing","trustees":["carol@node2.example.org"],"members":["bob@node1.example.org"],"objects":[{"node":"node0.example.org","id":"9c2e0c5e9d2a4f6b8c7d1e2f3a4b5c6d","capabilities":["DISCOVER","READ","REQUEST"]}],"version":7}""";

        Assert.Equal(user, RoundTrip(user, DtUser.JsonTypeInfo));
        Assert.Equal(servable, RoundTrip(servable, DtServable.JsonTypeInfo));
        Assert.Equal(trust, RoundTrip(trust, DtTrust.JsonTypeInfo));

        Assert.Equal("password", JsonSerializer.Deserialize(user, DtUser.JsonTypeInfo)!.Spec!.PasswordSecretRef!.Key);
        var model = JsonSerializer.Deserialize(servable, DtServable.JsonTypeInfo)!;
        Assert.Equal(DtServableType.Model, model.Spec!.Type);
        Assert.Equal("http://9c2e0c5e9d2a4f6b8c7d1e2f3a4b5c6d.node0.example.org", model.Uri);
        Assert.Equal(["READ", "REQUEST"], model.Grants!.Single().Capabilities);
        var sharing = JsonSerializer.Deserialize(trust, DtTrust.JsonTypeInfo)!;
        Assert.Equal(7, sharing.Version);
        Assert.Equal("node0.example.org", sharing.Objects!.Single().Node);
    }

    [Fact]
    public void Unknown_fields_survive_at_every_level()
    {
        const string json = """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtService","metadata":{"name":"s","selfLink":"/x"},"spec":{"podSelector":"p","mtu":1380,"server":{"endpoint":"e","keepalive":25}},"peers":{"100.96.0.1":{"publicKey":"k","allowedIPs":["100.96.0.1/32"]}},"extra":{"a":[1,2]}}""";

        var service = JsonSerializer.Deserialize(json, DtService.JsonTypeInfo)!;
        var written = JsonSerializer.Serialize(service with { Status = DtServiceStatus.Connected }, DtService.JsonTypeInfo);

        var node = JsonNode.Parse(written)!;
        Assert.Equal("/x", (string?)node["metadata"]!["selfLink"]);
        Assert.Equal(1380, (int)node["spec"]!["mtu"]!);
        Assert.Equal(25, (int)node["spec"]!["server"]!["keepalive"]!);
        Assert.Equal("100.96.0.1/32", (string?)node["peers"]!["100.96.0.1"]!["allowedIPs"]![0]);
        Assert.Equal(2, (int)node["extra"]!["a"]![1]!);
        Assert.Equal("Connected", (string?)node["status"]);
    }

    [Fact]
    public void Core_kinds_keep_Kubernetes_spellings_for_ports_times_and_secret_data()
    {
        const string serviceJson = """{"apiVersion":"v1","kind":"Service","metadata":{"name":"example-service"},"spec":{"ports":[{"protocol":"TCP","port":8080,"targetPort":12345},{"name":"web","port":80,"targetPort":"http"}],"clusterIP":"10.0.0.9"}}""";
        var service = JsonSerializer.Deserialize(serviceJson, V1Service.JsonTypeInfo)!;
        Assert.Equal(12345, service.Spec!.Ports![0].TargetPort!.Value.Number);
        Assert.Equal("http", service.Spec.Ports[1].TargetPort!.Value.Name);
        Assert.Equal("10.0.0.9", service.Spec.ClusterIp);
        Assert.Equal(serviceJson, JsonSerializer.Serialize(service, V1Service.JsonTypeInfo));

        const string endpointsJson = """{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"example-service"},"subsets":[{"addresses":[{"ip":"10.1.2.3"}],"ports":[{"port":12345}]}]}""";
        Assert.Equal(endpointsJson, RoundTrip(endpointsJson, V1Endpoints.JsonTypeInfo));

        var moment = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);
        var lease = new V1Lease { Metadata = new ObjectMeta { Name = "l", CreationTimestamp = moment }, Spec = new V1LeaseSpec { HolderIdentity = "a", RenewTime = moment, LeaseDurationSeconds = 15 } };
        var leaseJson = JsonNode.Parse(JsonSerializer.Serialize(lease, V1Lease.JsonTypeInfo))!;
        Assert.Equal("2025-01-02T03:04:05Z", (string?)leaseJson["metadata"]!["creationTimestamp"]);
        Assert.Equal("2025-01-02T03:04:05.123456Z", (string?)leaseJson["spec"]!["renewTime"]);
        Assert.Equal("coordination.k8s.io/v1", (string?)leaseJson["apiVersion"]);

        var secret = new V1Secret { Metadata = new ObjectMeta { Name = "node-key" }, Data = new Dictionary<string, byte[]> { ["private"] = [1, 2, 3] }, Type = "Opaque" };
        var secretJson = JsonSerializer.Serialize(secret, V1Secret.JsonTypeInfo);
        Assert.Contains("\"data\":{\"private\":\"AQID\"}", secretJson, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], JsonSerializer.Deserialize(secretJson, V1Secret.JsonTypeInfo)!.Data!["private"]);
    }

    [Fact]
    public void Each_kind_knows_its_URL()
    {
        Assert.Equal("/apis/sid.sightlineinnovation.com/v1/namespaces/n/dtservices/s", DtService.ResourceKind.ObjectPath("s", "n"));
        Assert.Equal("/api/v1/namespaces/n/endpoints", V1Endpoints.ResourceKind.CollectionPath("n"));
        Assert.Equal("/api/v1/namespaces/n", V1Namespace.ResourceKind.ObjectPath("n", null));
        Assert.Equal("/apis/coordination.k8s.io/v1/leases", V1Lease.ResourceKind.CollectionPath(null));
        Assert.Equal("v1", V1Event.ResourceKind.ApiVersion);
        Assert.Throws<ArgumentException>(() => DtPeer.ResourceKind.ObjectPath("p", null));
        Assert.Equal(13, ResourceKinds.All.Select(k => k.Plural).Distinct().Count());
    }

    private static string RoundTrip<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(json, typeInfo)!, typeInfo);
}
