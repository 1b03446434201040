using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Dtaas.ApiServer;

/// <summary>
/// One JSON line per resource request, as a Kubernetes API server's audit log at level Metadata: who asked (user
/// agent), the verb in RBAC's terms and the resource. It answers "what must a Role grant this client?".
/// </summary>
internal sealed class AuditLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public AuditLog(string path)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public void Record(HttpContext context, ResourceRequest request)
    {
        var entry = new AuditEntry(
            Verb(context.Request, request),
            request.Type.Group,
            request.Type.Plural,
            request.Subresource,
            request.Namespace,
            request.Name,
            context.Request.Headers.UserAgent.ToString());
        var line = JsonSerializer.Serialize(entry, ApiJsonContext.Default.AuditEntry);
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    /// <summary>The verb an authorizer checks: the HTTP method, a collection or one object, and whether it watches.</summary>
    public static string Verb(HttpRequest http, ResourceRequest request) => http.Method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" when request.Name is not null => "get",
        "GET" or "HEAD" => http.Query["watch"] is ["true" or "1"] ? "watch" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when request.Name is not null => "delete",
        "DELETE" => "deletecollection",
        var other => other.ToLowerInvariant(),
    };

    public void Dispose() => _writer.Dispose();
}

/// <summary>One line of the <see cref="AuditLog"/>.</summary>
internal sealed record AuditEntry(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name, string UserAgent);
