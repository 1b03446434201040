using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dtaas.ApiServer;

/// <summary>
/// OpenAPI v3 (/openapi/v3 and one document per group-version), built from the registry and the
/// CRD schemas. kubectl reads it to learn that PATCH/POST accept the fieldValidation parameter, and
/// then leaves validation to this server (which validates against the same CRD schemas). There is
/// no /openapi/v2: kubectl then computes strategic merge patches for core kinds from its built-in types.
/// </summary>
internal sealed class OpenApiEndpoints
{
    private const string ObjectMetaRef = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private readonly Dictionary<string, string> _documents = new(StringComparer.Ordinal);
    private readonly string _root;

    public OpenApiEndpoints(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var gv in registry.All.GroupBy(t => (t.Group, t.Version)).OrderBy(g => g.Key.Group, StringComparer.Ordinal))
        {
            var key = gv.Key.Group.Length == 0 ? $"api/{gv.Key.Version}" : $"apis/{gv.Key.Group}/{gv.Key.Version}";
            var json = BuildDocument(gv.ToList()).ToJsonString();
            _documents[key] = json;
            var hash = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(json)));
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={hash}" };
        }
        _root = new JsonObject { ["paths"] = paths }.ToJsonString();
    }

    public Task RootAsync(HttpContext context) => ApiResponses.WriteRawAsync(context, 200, _root);

    public Task DocumentAsync(HttpContext context, string key) =>
        _documents.TryGetValue(key, out var json)
            ? ApiResponses.WriteRawAsync(context, 200, json)
            : ApiResponses.WriteStatusAsync(context, StatusErrors.PathNotFound().Status);

    private static JsonObject BuildDocument(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Standard object's metadata.",
                ["x-kubernetes-preserve-unknown-fields"] = true,
            },
        };
        foreach (var type in types)
        {
            var gvk = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind };
            var prefix = type.Group.Length == 0 ? $"/api/{type.Version}" : $"/apis/{type.Group}/{type.Version}";
            var collection = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}" : $"{prefix}/{type.Plural}";
            var schemaName = SchemaName(type);
            if (type.Verbs is ["create"])
            {
                paths[collection] = new JsonObject { ["post"] = Operation("create", type, gvk, schemaName, ["dryRun", "fieldManager", "fieldValidation"]) };
                continue;
            }
            paths[collection] = new JsonObject
            {
                ["get"] = Operation("list", type, gvk, null, []),
                ["post"] = Operation("create", type, gvk, schemaName, ["dryRun", "fieldManager", "fieldValidation"]),
                ["delete"] = Operation("deletecollection", type, gvk, null, ["dryRun"]),
            };
            paths[collection + "/{name}"] = new JsonObject
            {
                ["get"] = Operation("get", type, gvk, schemaName, []),
                ["put"] = Operation("put", type, gvk, schemaName, ["dryRun", "fieldManager", "fieldValidation"]),
                ["patch"] = Operation("patch", type, gvk, schemaName, ["dryRun", "fieldManager", "fieldValidation", "force"]),
                ["delete"] = Operation("delete", type, gvk, null, ["dryRun"]),
            };
            // Component schemas for the custom kinds and the core kinds without merge-keyed lists: for the others
            // kubectl's built-in types carry the strategic-merge metadata (merge keys) a schema here would lack.
            if ((type.Schema ?? CoreSchemas.Find(type)) is { } schema)
            {
                var component = schema.DeepClone().AsObject();
                if (component["properties"] is JsonObject properties)
                {
                    properties["metadata"] = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = ObjectMetaRef }) };
                }
                component["x-kubernetes-group-version-kind"] = new JsonArray(gvk.DeepClone());
                schemas[schemaName] = component;
            }
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "DTaaS standalone Kubernetes API", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(string action, ResourceType type, JsonObject gvk, string? responseSchema, IEnumerable<string> queryParameters)
    {
        var operation = new JsonObject
        {
            ["operationId"] = $"{action}{type.Kind}",
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
            ["parameters"] = new JsonArray(queryParameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p,
                ["in"] = "query",
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            }).ToArray()),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = responseSchema is null || (type.Schema ?? CoreSchemas.Find(type)) is null
                        ? new JsonObject()
                        : new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{responseSchema}" } } },
                },
            },
        };
        return operation;
    }

    // Kubernetes names CRD schemas by reversed group: com.sightlineinnovation.sid.v1.dtDomain.
    private static string SchemaName(ResourceType type) =>
        type.Group.Length == 0
            ? $"io.k8s.api.core.{type.Version}.{type.Kind}"
            : $"{string.Join('.', type.Group.Split('.').Reverse())}.{type.Version}.{type.Kind}";
}
