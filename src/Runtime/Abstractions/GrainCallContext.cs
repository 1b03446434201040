namespace Dtaas.Runtime;

/// <summary>
/// Who made the grain call being served: the node id the receiving listener authenticated (for federation calls, the
/// member that owns the overlay source address), or null for a call made inside this silo or by an SDK client. Set
/// by the runtime for each request and kept across the grain method's awaits; never inherited by the calls the grain
/// makes in turn.
/// </summary>
public static class GrainCallContext
{
    // An AsyncLocal is how a value follows one logical call through awaits; the field itself never changes.
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>The calling node, or null when the call did not come from another node.</summary>
    public static string? CallerNodeId => Current.Value;

    /// <summary>Runs <paramref name="invoke"/> as a request of <paramref name="caller"/>; the value flows into the method's continuations.</summary>
    internal static Task Run(string? caller, Func<object, object?[], Task> invoke, object grain, object?[] args)
    {
        var previous = Current.Value;
        Current.Value = caller;
        try
        {
            return invoke(grain, args);
        }
        finally
        {
            Current.Value = previous;
        }
    }
}
