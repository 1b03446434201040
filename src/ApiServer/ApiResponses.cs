using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Dtaas.ApiServer.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Dtaas.ApiServer;

/// <summary>
/// Writes answers (objects, lists, Status errors) the way Kubernetes clients expect them: in protobuf when the client
/// names it first in Accept and the kind has a protobuf message (the built-in kinds), JSON otherwise.
/// </summary>
internal static class ApiResponses
{
    public const string Json = "application/json";

    public static async Task WriteRawAsync(HttpContext context, int code, string json, IReadOnlyList<string>? warnings = null)
    {
        AddWarnings(context, warnings);
        context.Response.StatusCode = code;
        if (PrefersProtobuf(context) && JsonNode.Parse(json) is JsonObject obj && KubernetesProtobuf.CanEncode(obj))
        {
            await WriteProtobufAsync(context, obj);
            return;
        }
        context.Response.ContentType = Json;
        await context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted);
    }

    public static async Task WriteAsync<T>(HttpContext context, int code, T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<string>? warnings = null)
    {
        AddWarnings(context, warnings);
        context.Response.StatusCode = code;
        if (PrefersProtobuf(context) && JsonSerializer.SerializeToNode(value, typeInfo) is JsonObject obj && KubernetesProtobuf.CanEncode(obj))
        {
            await WriteProtobufAsync(context, obj);
            return;
        }
        context.Response.ContentType = Json;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext context, Status status) =>
        WriteAsync(context, status.Code, status, ApiJsonContext.Default.Status);

    /// <summary>
    /// True when the first media type in Accept is Kubernetes protobuf, as client-go's typed clients (kubectl's create,
    /// auth, ...) ask: "application/vnd.kubernetes.protobuf,application/json". Table requests name JSON first.
    /// </summary>
    public static bool PrefersProtobuf(HttpContext context)
    {
        var first = context.Request.Headers.Accept.SelectMany(a => (a ?? "").Split(',')).Select(a => a.Trim()).FirstOrDefault(a => a.Length > 0);
        return KubernetesProtobuf.IsMediaType(first) && !first!.Contains("as=", StringComparison.Ordinal);
    }

    private static async Task WriteProtobufAsync(HttpContext context, JsonObject obj)
    {
        context.Response.ContentType = KubernetesProtobuf.MediaType;
        await context.Response.Body.WriteAsync(KubernetesProtobuf.Encode(obj), context.RequestAborted);
    }

    private static void AddWarnings(HttpContext context, IReadOnlyList<string>? warnings)
    {
        foreach (var warning in warnings ?? [])
        {
            // RFC 7234 warning header, code 299, as kube-apiserver sends them; kubectl prints "Warning: ...".
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"");
        }
    }
}
