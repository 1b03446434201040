namespace Dtaas.Kubernetes.Controllers;

public sealed record InformerOptions
{
    /// <summary>The namespace to list and watch; null for all namespaces (or a cluster-scoped kind).</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    /// <summary>How often every cached key is reported again, so a missed or failed reaction heals; zero or infinite turns it off.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay before re-watching after a failure or a closed stream; jittered, and reset once a watch delivered events.</summary>
    public ExponentialBackoff ReconnectBackoff { get; init; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

    /// <summary>
    /// The server is asked to end each watch after between this and twice this long (as client-go does), so a
    /// connection that died without a sign is replaced and watches of many informers do not all restart at once.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
