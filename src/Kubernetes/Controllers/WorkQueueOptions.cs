namespace Dtaas.Kubernetes.Controllers;

public sealed record WorkQueueOptions
{
    /// <summary>How many different keys <see cref="WorkQueue.RunAsync"/> processes at the same time.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Per-key delay before a retry after consecutive failures (DESIGN.md 2.2: 5 ms doubling up to 5 min).</summary>
    public ExponentialBackoff FailureBackoff { get; init; } = new(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(5));
}
