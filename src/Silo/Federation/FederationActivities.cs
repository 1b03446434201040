using System.Diagnostics;

namespace Dtaas.Silo.Federation;

/// <summary>
/// One client span per federation call, named after the RPC (<c>dtaas.federation.v1.Federation/ApplyMembership</c>)
/// with the OpenTelemetry RPC attributes; the HTTP/2 request under it carries the W3C trace context to the receiving
/// node, whose listener's span continues the trace.
/// </summary>
public static class FederationActivities
{
    public const string SourceName = "Dtaas.Federation";

    public const string Service = "dtaas.federation.v1.Federation";

    // A name and its listeners, not state of ours: one per process is how .NET means an ActivitySource.
    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartCall(string method, string nodeId, Guid domainUid)
    {
        var activity = Source.StartActivity($"{Service}/{method}", ActivityKind.Client);
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", Service);
        activity?.SetTag("rpc.method", method);
        activity?.SetTag("dtaas.node.id", nodeId);
        activity?.SetTag("dtaas.domain.uid", domainUid.ToString());
        return activity;
    }
}
