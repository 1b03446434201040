using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dtaas.ApiServer.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>HTTP for the resource verbs: get, list, watch, create, update, patch, delete, deletecollection.</summary>
internal sealed class ResourceEndpoints(ObjectStore store, ResourceOperations operations, TableConverter tables, WatchEndpoint watches, ILogger logger)
{
    public async Task HandleAsync(HttpContext context, ResourceRequest request)
    {
        if (request.Subresource is not null)
        {
            throw StatusErrors.PathNotFound();
        }
        var method = context.Request.Method;
        var type = request.Type;
        var ns = type.Namespaced ? request.Namespace : "";
        var ct = context.RequestAborted;
        if (request.Name is null)
        {
            switch (method)
            {
                case "GET" when IsTrue(context.Request.Query["watch"]):
                    await watches.ServeAsync(context, type, ns, Selectors(context), WantsTable(context), ct);
                    return;
                case "GET":
                    await ListAsync(context, type, ns);
                    return;
                case "POST":
                    RequireNamespace(type, ns);
                    var created = await operations.CreateAsync(type, ns!, await ReadObjectAsync(context, type), Options(context), ct);
                    await ApiResponses.WriteRawAsync(context, 201, created.Outcome.Object.Json, created.Warnings);
                    return;
                case "DELETE":
                    await DeleteCollectionAsync(context, type, ns);
                    return;
                default:
                    throw StatusErrors.MethodNotAllowed(method, type.Plural);
            }
        }
        if (type.Namespaced)
        {
            RequireNamespace(type, ns);
        }
        var name = request.Name;
        switch (method)
        {
            case "GET":
                var stored = operations.Get(type, ns!, name);
                if (WantsTable(context))
                {
                    var table = tables.Convert(type, [JsonNode.Parse(stored.Json)!.AsObject()], stored.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    await ApiResponses.WriteAsync(context, 200, table, ApiJsonContext.Default.Table);
                }
                else
                {
                    await ApiResponses.WriteRawAsync(context, 200, stored.Json);
                }
                return;
            case "PUT":
                var updated = await operations.UpdateAsync(type, ns!, name, await ReadObjectAsync(context, type), Options(context), ct);
                await ApiResponses.WriteRawAsync(context, 200, updated.Outcome.Object.Json, updated.Warnings);
                return;
            case "PATCH":
                var contentType = context.Request.ContentType ?? "";
                var patched = await operations.PatchAsync(type, ns!, name, contentType, await ReadBodyAsync(context), Options(context), ct);
                await ApiResponses.WriteRawAsync(context, patched.Outcome.EventType == "ADDED" ? 201 : 200, patched.Outcome.Object.Json, patched.Warnings);
                return;
            case "DELETE":
                var (preconditions, _) = await ReadDeleteOptionsAsync(context);
                var deleted = await operations.DeleteAsync(type, ns!, name, preconditions, IsDryRun(context), ct);
                await ApiResponses.WriteRawAsync(context, 200, deleted.Object.Json);
                return;
            default:
                throw StatusErrors.MethodNotAllowed(method, $"{type.Plural}/{name}");
        }
    }

    private async Task ListAsync(HttpContext context, ResourceType type, string? ns)
    {
        var (labels, fields) = Selectors(context);
        var (items, rv) = store.List(type.StorageKey, ns);
        var matching = items.Select(i => JsonNode.Parse(i.Json)!.AsObject()).Where(o => labels.Matches(o) && fields.Matches(o)).ToList();
        var version = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (WantsTable(context))
        {
            await ApiResponses.WriteAsync(context, 200, tables.Convert(type, matching, version), ApiJsonContext.Default.Table);
            return;
        }
        var list = new ObjectList(type.ListKind, type.ApiVersion, new ListMeta(version), matching);
        await ApiResponses.WriteAsync(context, 200, list, ApiJsonContext.Default.ObjectList);
    }

    private async Task DeleteCollectionAsync(HttpContext context, ResourceType type, string? ns)
    {
        var (labels, fields) = Selectors(context);
        var (preconditions, _) = await ReadDeleteOptionsAsync(context);
        var deleted = new List<JsonNode?>();
        foreach (var item in store.List(type.StorageKey, ns).Items)
        {
            var obj = JsonNode.Parse(item.Json)!;
            if (labels.Matches(obj) && fields.Matches(obj))
            {
                var outcome = await operations.DeleteAsync(type, item.Key.Namespace, item.Key.Name, preconditions, IsDryRun(context), context.RequestAborted);
                deleted.Add(JsonNode.Parse(outcome.Object.Json));
            }
        }
        logger.LogInformation("Deleted {Count} {Resource} by collection", deleted.Count, type.QualifiedResource);
        var list = new ObjectList(type.ListKind, type.ApiVersion, new ListMeta(store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)), deleted);
        await ApiResponses.WriteAsync(context, 200, list, ApiJsonContext.Default.ObjectList);
    }

    private static void RequireNamespace(ResourceType type, string? ns)
    {
        if (type.Namespaced && string.IsNullOrEmpty(ns))
        {
            throw StatusErrors.BadRequest("the server could not find the requested resource: a namespace is required for " + type.Plural);
        }
    }

    internal static (LabelSelector Labels, FieldSelector Fields) Selectors(HttpContext context)
    {
        try
        {
            return (LabelSelector.Parse(context.Request.Query["labelSelector"]), FieldSelector.Parse(context.Request.Query["fieldSelector"]));
        }
        catch (FormatException e)
        {
            throw StatusErrors.BadRequest($"unable to parse requirement: {e.Message}");
        }
    }

    // kubectl get asks for "application/json;as=Table;v=v1;g=meta.k8s.io,application/json".
    internal static bool WantsTable(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal));

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static bool IsDryRun(HttpContext context) => context.Request.Query["dryRun"].Any(v => v == "All");

    private static WriteOptions Options(HttpContext context) => new(IsDryRun(context), (string?)context.Request.Query["fieldValidation"] switch
    {
        "Strict" => FieldValidation.Strict,
        "Ignore" => FieldValidation.Ignore,
        _ => FieldValidation.Warn,
    });

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    /// <summary>The request's object: JSON or YAML, or Kubernetes protobuf for the built-in kinds (custom resources are JSON only, as in Kubernetes).</summary>
    internal static async Task<JsonObject> ReadObjectAsync(HttpContext context, ResourceType type)
    {
        var contentType = context.Request.ContentType ?? "";
        if (KubernetesProtobuf.IsMediaType(contentType))
        {
            if (type.IsCustom)
            {
                throw StatusErrors.UnsupportedMediaType(contentType, "application/json, application/yaml");
            }
            return await ReadProtobufAsync(context, type.ApiVersion, type.Kind);
        }
        var body = await ReadBodyAsync(context);
        var isYaml = contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase);
        try
        {
            return (isYaml ? YamlJson.Parse(body) : JsonNode.Parse(body)) as JsonObject
                ?? throw StatusErrors.BadRequest("the request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw StatusErrors.BadRequest($"error decoding request body: {e.Message}");
        }
    }

    private static async Task<JsonObject> ReadProtobufAsync(HttpContext context, string apiVersion, string kind)
    {
        // Kestrel's MaxRequestBodySize bounds this read as it bounds the JSON one.
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        try
        {
            return KubernetesProtobuf.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), apiVersion, kind);
        }
        catch (FormatException e)
        {
            throw StatusErrors.BadRequest($"error decoding protobuf request body: {e.Message}");
        }
    }

    private static async Task<(DeletePreconditions, string?)> ReadDeleteOptionsAsync(HttpContext context)
    {
        var options = await ReadDeleteOptionsNodeAsync(context);
        return (new DeletePreconditions((string?)options?["preconditions"]?["uid"], (string?)options?["preconditions"]?["resourceVersion"]),
            (string?)options?["propagationPolicy"]);
    }

    // DeleteOptions come as JSON, or as protobuf from client-go's typed clients; an empty body means none.
    private static async Task<JsonNode?> ReadDeleteOptionsNodeAsync(HttpContext context)
    {
        if (KubernetesProtobuf.IsMediaType(context.Request.ContentType))
        {
            return await ReadProtobufAsync(context, "v1", "DeleteOptions");
        }
        var body = await ReadBodyAsync(context);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw StatusErrors.BadRequest($"error decoding DeleteOptions: {e.Message}");
        }
    }
}
