using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Kubernetes.ApiServer;

/// <summary>Writes JSON answers (objects, Status errors) the way Kubernetes clients expect them.</summary>
internal static class ApiResponses
{
    public const string Json = "application/json";

    public static async Task WriteRawAsync(HttpContext context, int code, string json, IReadOnlyList<string>? warnings = null)
    {
        AddWarnings(context, warnings);
        context.Response.StatusCode = code;
        context.Response.ContentType = Json;
        await context.Response.WriteAsync(json, Encoding.UTF8, context.RequestAborted);
    }

    public static async Task WriteAsync<T>(HttpContext context, int code, T value, JsonTypeInfo<T> typeInfo, IReadOnlyList<string>? warnings = null)
    {
        AddWarnings(context, warnings);
        context.Response.StatusCode = code;
        context.Response.ContentType = Json;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext context, Status status) =>
        WriteAsync(context, status.Code, status, ApiJsonContext.Default.Status);

    private static void AddWarnings(HttpContext context, IReadOnlyList<string>? warnings)
    {
        foreach (var warning in warnings ?? [])
        {
            // RFC 7234 warning header, code 299, as kube-apiserver sends them; kubectl prints "Warning: ...".
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"");
        }
    }
}
