using System.Diagnostics;

namespace Dtaas.Runtime;

/// <summary>Spans of calls to grains in other processes (the federation calls between nodes among them).</summary>
internal static class RuntimeActivities
{
    public const string SourceName = "Dtaas.Runtime";

    // A name and its listeners, not state of ours: one per process is how .NET means an ActivitySource.
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The OpenTelemetry RPC attributes of a grain call, on the caller's span or the server's.</summary>
    public static void TagCall(Activity? activity, string grainInterface, string method, string key)
    {
        activity?.SetTag("rpc.system", "dtaas-grain");
        activity?.SetTag("rpc.service", grainInterface);
        activity?.SetTag("rpc.method", method);
        activity?.SetTag("dtaas.grain.key", key);
    }
}
