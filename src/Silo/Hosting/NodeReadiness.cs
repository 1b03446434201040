namespace Dtaas.Silo.Hosting;

/// <summary>Whether the node is ready, for the gateway's /healthz: leading with its watches synced, or standing by behind a leader.</summary>
public sealed class NodeReadiness
{
    private volatile string? _notReady = "starting";
    private volatile bool _stopping;

    /// <summary>Why the node is not ready (null when it is).</summary>
    public string? Reason => _stopping ? "stopping" : _notReady;

    public void Ready() => _notReady = null;

    public void NotReady(string reason) => _notReady = reason;

    /// <summary>For good: a stopping silo is taken out of its Services' endpoints while it drains.</summary>
    public void Stopping() => _stopping = true;
}
