using System.Text.Json.Nodes;
using Dtaas.ApiServer;

namespace Dtaas.ApiServer.Tests;

public sealed class PatchTests
{
    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(J(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    [Fact]
    public void Merge_patch_merges_objects_deletes_nulls_and_replaces_lists()
    {
        var result = MergePatch.Apply(J("""{"a":{"b":1,"c":2},"l":[1,2],"keep":true}"""), J("""{"a":{"b":null,"d":3},"l":[3]}"""));
        AssertJson("""{"a":{"c":2,"d":3},"l":[3],"keep":true}""", result);
    }

    [Fact]
    public void Json_patch_applies_operations_in_order()
    {
        var result = JsonPatch.Apply(J("""{"a":[1,2],"b":{"c":"x"}}"""), J("""
            [{"op":"add","path":"/a/-","value":3},{"op":"replace","path":"/b/c","value":"y"},
             {"op":"move","from":"/b/c","path":"/d"},{"op":"remove","path":"/a/0"},{"op":"test","path":"/d","value":"y"},
             {"op":"copy","from":"/d","path":"/e~1f"}]
            """));
        AssertJson("""{"a":[2,3],"b":{},"d":"y","e/f":"y"}""", result);
    }

    [Fact]
    public void Json_patch_on_a_missing_path_is_422()
    {
        var e = Assert.Throws<ApiException>(() => JsonPatch.Apply(J("{}"), J("""[{"op":"replace","path":"/x","value":1}]""")));
        Assert.Equal(422, e.Code);
        var t = Assert.Throws<ApiException>(() => JsonPatch.Apply(J("""{"x":1}"""), J("""[{"op":"test","path":"/x","value":2}]""")));
        Assert.Equal(422, t.Code);
    }

    [Fact]
    public void Strategic_merge_patch_merges_service_ports_by_port_and_honours_directives()
    {
        var live = J("""{"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}],"type":"ClusterIP"},"metadata":{"finalizers":["a"]}}""");
        var patch = J("""
            {"$setElementOrder/metadata":null,
             "metadata":{"finalizers":["b"]},
             "spec":{"$setElementOrder/ports":[{"port":443},{"port":81}],
                     "ports":[{"port":81,"targetPort":9090},{"$patch":"delete","port":80}]}}
            """);
        var result = StrategicMergePatch.Apply(live, patch);
        AssertJson("""{"spec":{"ports":[{"port":443},{"port":81,"targetPort":9090}],"type":"ClusterIP"},"metadata":{"finalizers":["a","b"]}}""", result);
    }

    [Fact]
    public void Strategic_merge_patch_replaces_unkeyed_lists_and_supports_retainKeys()
    {
        var live = J("""{"subsets":[{"addresses":[{"ip":"1.1.1.1"}]}],"spec":{"a":1,"b":2}}""");
        var patch = J("""{"subsets":[{"addresses":[{"ip":"2.2.2.2"}]}],"spec":{"$retainKeys":["a","c"],"c":3}}""");
        AssertJson("""{"subsets":[{"addresses":[{"ip":"2.2.2.2"}]}],"spec":{"a":1,"c":3}}""", StrategicMergePatch.Apply(live, patch));
    }
}
