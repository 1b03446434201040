namespace Dtaas.Runtime;

/// <summary>A grain call did not complete within the call timeout.</summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException(string message) : base(message) { }

    internal static GrainCallTimeoutException For(GrainId grain, string method, TimeSpan timeout) =>
        new($"Call to {grain.Interface}.{method} on grain '{grain.Key}' timed out after {timeout.TotalSeconds:0.###} s.");
}
