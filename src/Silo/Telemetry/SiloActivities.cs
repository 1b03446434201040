using System.Diagnostics;

namespace Dtaas.Silo.Telemetry;

/// <summary>
/// The silo's own spans: a reconcile, and a join on both sides. ASP.NET Core and HttpClient add theirs (each gateway
/// hop, each federation call), all linked by W3C trace context. Nothing is recorded unless a tracer listens
/// (<see cref="TraceExport"/>, on with <c>--otlp-endpoint</c>).
/// </summary>
public static class SiloActivities
{
    public const string SourceName = "Dtaas.Silo";

    // An ActivitySource is a name and a set of listeners, not state of ours: one per process is how .NET means it.
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Tags a span with the Kubernetes object it is about, as <c>namespace/name</c>.</summary>
    public static Activity? StartForObject(string name, ActivityKind kind, string kindName, string key)
    {
        var activity = Source.StartActivity(name, kind);
        activity?.SetTag("k8s.object.kind", kindName);
        activity?.SetTag("k8s.object.key", key);
        return activity;
    }
}
