namespace Dtaas.ApiServer;

/// <summary>Options of the standalone Kubernetes-compatible API a node serves when it has no cluster.</summary>
public sealed record StandaloneApiServerOptions
{
    /// <summary>Holds the SQLite store, the TLS certificate, the token and the generated kubeconfig.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>host:port to listen on; port 0 picks a free port (see <see cref="StandaloneApiServer.BaseAddress"/>).</summary>
    public string Listen { get; init; } = "127.0.0.1:7443";

    /// <summary>The namespace DTaaS uses; it exists from the start and is the kubeconfig context's namespace.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>How often watches that allow bookmarks get one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Append one JSON line per resource request to this file (verb, resource, user agent); null: no audit log.</summary>
    public string? AuditLogPath { get; init; }
}
