using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>
/// Strategic merge patch for the core kinds kubectl apply/edit send it for. Without the Go type
/// metadata we know the merge keys of the lists DTaaS's core kinds have; every other list is
/// replaced (atomic), which is what the Go types say for the remaining fields of these kinds.
/// Directives handled: $patch (replace/delete/merge), $retainKeys, $setElementOrder/*, $deleteFromPrimitiveList/*.
/// </summary>
internal static class StrategicMergePatch
{
    // Field path (dotted, list items skipped) -> merge key; "" marks a merged list of primitives.
    private static readonly IReadOnlyDictionary<string, string> MergeKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["spec.ports"] = "port",
        ["metadata.finalizers"] = "",
        ["metadata.ownerReferences"] = "uid",
        ["status.conditions"] = "type",
        ["status.loadBalancer.ingress"] = "ip",
    };

    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonObject p)
        {
            throw StatusErrors.BadRequest("strategic merge patch must be a JSON object");
        }
        return MergeObject(target as JsonObject ?? new JsonObject(), p, "") ?? new JsonObject();
    }

    private static JsonObject? MergeObject(JsonObject target, JsonObject patch, string path)
    {
        var directive = (string?)patch["$patch"];
        if (directive == "delete")
        {
            return null;
        }
        var result = directive == "replace" ? new JsonObject() : target.DeepClone().AsObject();
        var orders = new Dictionary<string, JsonArray>();
        foreach (var (key, value) in patch)
        {
            if (key == "$patch" || key == "$retainKeys")
            {
                continue;
            }
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) && value is JsonArray order)
            {
                orders[key["$setElementOrder/".Length..]] = order;
                continue;
            }
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var field = key["$deleteFromPrimitiveList/".Length..];
                if (result[field] is JsonArray list && value is JsonArray doomed)
                {
                    result[field] = new JsonArray(list.Where(i => !doomed.Any(d => JsonNode.DeepEquals(d, i))).Select(i => i?.DeepClone()).ToArray());
                }
                continue;
            }
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonObject childPatch && result[key] is JsonObject childTarget && directive != "replace")
            {
                var merged = MergeObject(childTarget, childPatch, childPath);
                if (merged is null)
                {
                    result.Remove(key);
                }
                else
                {
                    result[key] = merged;
                }
            }
            else if (value is JsonArray listPatch && MergeKeys.TryGetValue(childPath, out var mergeKey))
            {
                result[key] = MergeList(result[key] as JsonArray ?? [], listPatch, mergeKey, childPath);
            }
            else
            {
                result[key] = Clean(value);
            }
        }
        foreach (var (field, order) in orders)
        {
            if (result[field] is JsonArray list && MergeKeys.TryGetValue(path.Length == 0 ? field : $"{path}.{field}", out var key))
            {
                result[field] = Reorder(list, order, key);
            }
        }
        if (patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet();
            foreach (var name in result.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(name);
            }
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string mergeKey, string path)
    {
        if (patch.Any(i => i is JsonObject o && (string?)o["$patch"] == "replace"))
        {
            return new JsonArray(patch.Where(i => !(i is JsonObject o && o.ContainsKey("$patch"))).Select(Clean).ToArray());
        }
        var result = target.Select(i => i?.DeepClone()).ToList();
        if (mergeKey.Length == 0)
        {
            foreach (var item in patch)
            {
                if (!result.Any(r => JsonNode.DeepEquals(r, item)))
                {
                    result.Add(item?.DeepClone());
                }
            }
            return new JsonArray(result.ToArray());
        }
        foreach (var item in patch.OfType<JsonObject>())
        {
            var at = result.FindIndex(r => r is JsonObject o && JsonNode.DeepEquals(o[mergeKey], item[mergeKey]));
            if ((string?)item["$patch"] == "delete")
            {
                if (at >= 0)
                {
                    result.RemoveAt(at);
                }
            }
            else if (at >= 0)
            {
                result[at] = MergeObject((JsonObject)result[at]!, item, path);
            }
            else
            {
                result.Add(Clean(item));
            }
        }
        return new JsonArray(result.Where(r => r is not null).ToArray());
    }

    private static JsonArray Reorder(JsonArray list, JsonArray order, string key)
    {
        var items = list.Select(i => i?.DeepClone()).ToList();
        var rank = (JsonNode? item) =>
        {
            var probe = key.Length == 0 ? item : item?[key];
            var at = order.Select((o, i) => (o, i)).FirstOrDefault(x => JsonNode.DeepEquals(key.Length == 0 ? x.o : x.o?[key], probe), (null, int.MaxValue)).Item2;
            return at;
        };
        return new JsonArray(items.OrderBy(rank).ToArray());
    }

    // Patch fragments that land whole must not carry directives into the stored object.
    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                {
                    if (!k.StartsWith('$'))
                    {
                        copy[k] = Clean(v);
                    }
                }
                return copy;
            case JsonArray a:
                return new JsonArray(a.Select(Clean).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
