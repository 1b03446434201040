using Dtaas.Federation.Harness;
using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Federation.Tests;

/// <summary>The settings the tests share: short push retries so the retry path is exercised in test time.</summary>
public static class TestClusters
{
    /// <summary>Far above what convergence takes; reached only when something is wrong.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static readonly FederationSettings Settings = new("127.0.0.1", 51820)
    {
        PushRetryInterval = TimeSpan.FromMilliseconds(200),
        StandingCheckInterval = TimeSpan.FromMilliseconds(500),
        ProbeInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// For the 50-node domain: its 49 joins at once settle in 3–25 s on the 2-core machine depending on what else runs
    /// (bench/README: the burst row); the tests assert that it settles, the bench how fast.
    /// </summary>
    public static readonly TimeSpan LargeDomainPatience = TimeSpan.FromSeconds(90);

    /// <summary>
    /// For the 50-node domain: 50 × 49 probes a second at the 1 s interval keep both cores of the test machine busy in this
    /// one process, so a probe misses its 750 ms deadline whenever another test assembly runs beside it; at 4 s the
    /// creator's 49 probes still missed their 3 s when the end-to-end tests ran beside them. At 8 s: 6 s.
    /// </summary>
    public static readonly FederationSettings LargeDomainSettings = Settings with { ProbeInterval = TimeSpan.FromSeconds(8) };

    public static Task<FederationCluster> StartAsync(int size, FederationSettings? settings = null) =>
        FederationCluster.StartAsync(size, settings ?? Settings, NullLoggerFactory.Instance, CancellationToken.None);
}
