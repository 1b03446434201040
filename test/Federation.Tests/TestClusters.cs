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

    public static Task<FederationCluster> StartAsync(int size) => FederationCluster.StartAsync(size, Settings, NullLoggerFactory.Instance, CancellationToken.None);
}
