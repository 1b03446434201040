using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>RFC 6902 JSON patch (application/json-patch+json): add, remove, replace, move, copy, test.</summary>
internal static class JsonPatch
{
    /// <exception cref="ApiException">400 for a malformed patch, 422 when it does not fit the document.</exception>
    public static JsonNode Apply(JsonNode document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw StatusErrors.BadRequest("json patch must be an array of operations");
        }
        var root = document.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op)
            {
                throw StatusErrors.BadRequest("json patch operation must be an object");
            }
            var kind = (string?)op["op"] ?? throw StatusErrors.BadRequest("json patch operation has no \"op\"");
            var path = (string?)op["path"] ?? throw StatusErrors.BadRequest($"json patch {kind} has no \"path\"");
            switch (kind)
            {
                case "add":
                    root = Add(root, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    _ = Get(root, path);
                    Remove(root, path);
                    root = Add(root, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Get(root, From(op)).DeepClone();
                    Remove(root, From(op));
                    root = Add(root, path, moved);
                    break;
                case "copy":
                    root = Add(root, path, Get(root, From(op)).DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw StatusErrors.InvalidRequest($"testing value {path} failed");
                    }
                    break;
                default:
                    throw StatusErrors.BadRequest($"unknown json patch operation \"{kind}\"");
            }
        }
        return root;
    }

    private static string From(JsonObject op) => (string?)op["from"] ?? throw StatusErrors.BadRequest("json patch operation has no \"from\"");

    private static string[] Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }
        if (!path.StartsWith('/'))
        {
            throw StatusErrors.BadRequest($"json patch path \"{path}\" must start with /");
        }
        return path[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToArray();
    }

    private static JsonNode Get(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var v) => v,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw Missing(path),
            };
        }
        return node ?? throw Missing(path);
    }

    private static JsonNode Add(JsonNode root, string path, JsonNode? value)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            return value ?? throw StatusErrors.BadRequest("json patch cannot replace the whole document with null");
        }
        var parent = tokens.Length == 1 ? root : Get(root, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Missing(path);
        }
        return root;
    }

    private static void Remove(JsonNode root, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            throw StatusErrors.BadRequest("cannot remove the whole document");
        }
        var parent = tokens.Length == 1 ? root : Get(root, "/" + string.Join('/', tokens[..^1].Select(Escape)));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw Missing(path);
        }
    }

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

    private static ApiException Missing(string path) =>
        StatusErrors.InvalidRequest($"the server rejected our request due to an error in our request: path {path} does not exist");
}
