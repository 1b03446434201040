namespace Dtaas.Kubernetes.Controllers;

/// <summary>
/// What a successful reconcile asks for next: nothing, or another reconcile of the same key after a delay
/// (to poll something the watch does not show). A failure is an exception, not a result: it is retried with backoff.
/// </summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done => default;

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
