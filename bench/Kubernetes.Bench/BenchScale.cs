namespace Dtaas.Kubernetes.Bench;

/// <summary>How many objects each row uses, and how long any single wait may take before the row gives up.</summary>
public sealed record BenchScale(int ReconcileObjects, int ThroughputObjects, TimeSpan GetDuration, TimeSpan Deadline)
{
    public static BenchScale Full { get; } = new(1_000, 2_000, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3));

    public static BenchScale Quick { get; } = new(100, 200, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}
