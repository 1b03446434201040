namespace Dtaas.Silo.Hosting;

/// <summary>Whether the node is ready, for the gateway's /healthz: leading with its watches synced, or standing by behind a leader.</summary>
public sealed class NodeReadiness
{
    private volatile string? _notReady = "starting";

    /// <summary>Why the node is not ready (null when it is).</summary>
    public string? Reason => _notReady;

    public void Ready() => _notReady = null;

    public void NotReady(string reason) => _notReady = reason;
}
