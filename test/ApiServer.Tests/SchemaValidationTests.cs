using Dtaas.TestSupport;
using System.Text.Json.Nodes;
using Dtaas.ApiServer;

namespace Dtaas.ApiServer.Tests;

/// <summary>The CRDs in k8s/crds accept exactly the DESIGN.md section 3 shapes and refuse malformed ones with the field named.</summary>
public sealed class SchemaValidationTests
{
    private static readonly ResourceRegistry Registry = ResourceRegistry.CreateDefault();

    private static ResourceType Type(string plural) => Registry.Find("sid.sightlineinnovation.com", "v1", plural)!;

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void The_dt_kinds_are_loaded_with_printer_columns()
    {
        Assert.Equal(["dtApp", "dtDomain", "dtPeer", "dtServable", "dtService", "dtSilo", "dtSiloTable", "dtTrust", "dtUser"], Registry.All.Where(t => t.IsCustom).Select(t => t.Kind).Order(StringComparer.Ordinal));
        Assert.Contains(Type("dtdomains").Columns, c => c.Name == "Status");
        Assert.Contains(Type("dtpeers").Columns, c => c.Name == "Connected" && c.Type == "boolean");
        Assert.Contains(Type("dtapps").Columns, c => c.Name == "URI");
        Assert.Equal(["Address", "Status", "Started", "Heartbeat"], Type("dtsilos").Columns.Where(c => c.Priority == 0).Select(c => c.Name));
        Assert.All(Registry.All.Where(t => t.IsCustom), t => Assert.True(t.Namespaced));
    }

    [Theory]
    [InlineData("dtdomains", """{"metadata":{"name":"mydomain"},"spec":{"peer":{"address":"1.2.3.4","inviteToken":"VHNL"}},"inviteToken":"abc","peers":["ca777327efb4498ab8c8876a6488701e"],"status":"Ready","message":"m"}""")]
    [InlineData("dtpeers", """{"metadata":{"name":"ca77"},"address":"100.64.0.2","connected":true,"dtDomain":"mydomain","id":"ca77","name":"node0.example.org","publicKey":"Zi1Y="}""")]
    [InlineData("dtapps", """{"metadata":{"name":"a"},"serviceSelector":{"name":"example-service","port":8080},"domainSelector":{"name":["mydomain"]},"spec":{"authenticationType":"Custom","authenticationURL":"http://auth"},"URI":"http://x.node1.example.org"}""")]
    [InlineData("dtservices", """{"metadata":{"name":"s"},"spec":{"domainSelector":"mydomain","podSelector":"my-pod","server":{"endpoint":"10.4.0.16:51830","peer":"100.96.0.0/24","publicKey":"k"}},"peers":{"100.96.0.1":{"labels":{"sid.sightline.dtservice.74db":"server"},"publicKey":"d7Q5"}},"status":"Connected"}""")]
    [InlineData("dtusers", """{"metadata":{"name":"alice"},"spec":{"passwordSecretRef":{"name":"alice-password","key":"password"},"displayName":"Alice"},"id":"3b1f0c5e9d2a4f6b8c7d1e2f3a4b5c6d","status":"Ready","message":"m"}""")]
    [InlineData("dtusers", """{"metadata":{"name":"3b1f0c5e9d2a4f6b8c7d1e2f3a4b5c6d","labels":{"sid.sightlineinnovation.com/origin-node":"node1.example.org"}},"id":"3b1f0c5e9d2a4f6b8c7d1e2f3a4b5c6d","username":"bob","node":"node1.example.org","nodeId":"ca777327efb4498ab8c8876a6488701e"}""")]
    [InlineData("dtservables", """{"metadata":{"name":"churn-model"},"spec":{"type":"Model","owner":"alice","serviceSelector":{"name":"churn-svc","port":8080},"description":"d","tags":["churn"]},"id":"9c2e0c5e9d2a4f6b8c7d1e2f3a4b5c6d","URI":"http://9c2e0c5e9d2a4f6b8c7d1e2f3a4b5c6d.node0.example.org","status":"Ready","grants":[{"principal":"bob@node1.example.org","capabilities":["READ","REQUEST"],"grantedBy":"alice@node0.example.org"}]}""")]
    [InlineData("dttrusts", """{"metadata":{"name":"71aa0c5e9d2a4f6b8c7d1e2f3a4b5c6d"},"name":"churn-sharing","trustees":["carol@node2.example.org"],"members":["bob@node1.example.org"],"objects":[{"node":"node0.example.org","id":"9c2e0c5e9d2a4f6b8c7d1e2f3a4b5c6d","capabilities":["DISCOVER","READ","REQUEST"]}],"version":7}""")]
    [InlineData("dttrusts", """{"metadata":{"name":"71aa0c5e9d2a4f6b8c7d1e2f3a4b5c6d"},"name":"churn-sharing","trustees":["carol@node2.example.org"],"members":["bob@node1.example.org"],"nodeIds":{"carol@node2.example.org":"ca777327efb4498ab8c8876a6488701e","bob@node1.example.org":"0123456789abcdef0123456789abcdef"},"version":8}""")]
    public void Design_shapes_validate_without_pruning(string plural, string json)
    {
        var obj = Obj(json);
        var before = obj.DeepClone();
        var warnings = ObjectAdmission.Admit(Type(plural), obj, FieldValidation.Strict);
        Assert.Empty(warnings);
        Assert.True(JsonNode.DeepEquals(before, obj), obj.ToJsonString());
    }

    [Theory]
    [InlineData("dtdomains", """{"metadata":{"name":"d"},"spec":{"peer":{"address":12345,"inviteToken":"t"}}}""", "spec.peer.address", "must be of type string")]
    [InlineData("dtdomains", """{"metadata":{"name":"d"},"spec":{"peer":{"address":"1.2.3.4"}}}""", "spec.peer.inviteToken", "Required value")]
    [InlineData("dtdomains", """{"metadata":{"name":"d"},"status":"Weird"}""", "status", "Unsupported value")]
    [InlineData("dtpeers", """{"metadata":{"name":"p"},"connected":"yes"}""", "connected", "must be of type boolean")]
    [InlineData("dtapps", """{"metadata":{"name":"a"},"domainSelector":{"name":"mydomain"}}""", "domainSelector.name", "must be of type array")]
    [InlineData("dtservices", """{"metadata":{"name":"s"},"spec":{"domainSelector":"d"}}""", "spec.podSelector", "Required value")]
    [InlineData("dtusers", """{"metadata":{"name":"alice"},"spec":{"passwordSecretRef":{"name":"alice-password"}}}""", "spec.passwordSecretRef.key", "Required value")]
    [InlineData("dtusers", """{"metadata":{"name":"alice"},"id":"not-an-id"}""", "id", "should match")]
    [InlineData("dtservables", """{"metadata":{"name":"m"},"spec":{"type":"Notebook","owner":"alice"}}""", "spec.type", "Unsupported value")]
    [InlineData("dtservables", """{"metadata":{"name":"m"},"spec":{"type":"Model"}}""", "spec.owner", "Required value")]
    [InlineData("dtservables", """{"metadata":{"name":"m"},"spec":{"type":"Model","owner":"alice"},"grants":[{"principal":"bob@node1","capabilities":["WRITE"]}]}""", "grants[0].capabilities[0]", "Unsupported value")]
    [InlineData("dttrusts", """{"metadata":{"name":"t"},"objects":[{"node":"node0","id":"9c2e0c5e9d2a4f6b8c7d1e2f3a4b5c6d"}]}""", "objects[0].capabilities", "Required value")]
    [InlineData("dttrusts", """{"metadata":{"name":"t"},"version":"7"}""", "version", "must be of type integer")]
    [InlineData("dttrusts", """{"metadata":{"name":"t"},"nodeIds":{"bob@node1":"node1"}}""", "nodeIds[bob@node1]", "should match")]
    [InlineData("dtservices", """{"metadata":{"name":"Bad_Name"},"spec":{"domainSelector":"d","podSelector":"p"}}""", "metadata.name", "RFC 1123")]
    public void Malformed_objects_are_422_naming_the_field(string plural, string json, string field, string why)
    {
        var e = Assert.Throws<ApiException>(() => ObjectAdmission.Admit(Type(plural), Obj(json), FieldValidation.Strict));
        Assert.Equal(422, e.Code);
        Assert.Equal("Invalid", e.Status.Reason);
        Assert.Contains($"{Type(plural).QualifiedKind} \"", e.Message);
        Assert.Contains(e.Status.Details!.Causes!, c => c.Field == field && c.Message.Contains(why));
    }

    [Fact]
    public void Unknown_fields_are_pruned_with_a_warning_or_refused_when_strict()
    {
        var obj = Obj("""{"metadata":{"name":"d"},"spec":{"extra":1},"other":"x"}""");
        var warnings = ObjectAdmission.Admit(Type("dtdomains"), obj, FieldValidation.Warn);
        Assert.Equal(["unknown field \"spec.extra\"", "unknown field \"other\""], warnings);
        Assert.Null(obj["other"]);
        var strict = Assert.Throws<ApiException>(() => ObjectAdmission.Admit(Type("dtdomains"), Obj("""{"metadata":{"name":"d"},"other":1}"""), FieldValidation.Strict));
        Assert.Equal(400, strict.Code);
        Assert.Contains("unknown field \"other\"", strict.Message);
    }

    [Fact]
    public void Examples_in_the_repository_all_validate()
    {
        foreach (var file in Directory.GetFiles(RepositoryRoot.Examples, "*.yaml"))
        {
            foreach (var doc in YamlJson.ParseDocuments(File.ReadAllText(file)).OfType<JsonObject>())
            {
                var apiVersion = (string)doc["apiVersion"]!;
                var group = apiVersion.Contains('/') ? apiVersion.Split('/')[0] : "";
                var type = Registry.All.Single(t => t.Group == group && t.Kind == (string)doc["kind"]!);
                ObjectAdmission.Admit(type, doc, FieldValidation.Strict);
            }
        }
    }
}
