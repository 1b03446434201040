using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Three federated silos (as <see cref="FederationFixture"/>) whose trust lease is <see cref="TrustLease"/> rather than
/// 30 s (`--trust-lease`), so cutting a trust's home off shows its effect without waiting half a minute.
/// </summary>
public sealed class ObjectsFixture : ITopologyFixture
{
    public static readonly TimeSpan TrustLease = TimeSpan.FromSeconds(9);

    private readonly FederationFixture _federation = new()
    {
        Variant = new SiloVariant(["--trust-lease", TrustLease.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], []),
    };

    public SiloTopology Topology => _federation.Topology;

    /// <summary>node0's invite token, for a member that joins again.</summary>
    public string Token => _federation.Token;

    public Task InitializeAsync() => _federation.InitializeAsync();

    public Task WaitUntilAllConnectedAsync(TimeSpan timeout) => _federation.WaitUntilAllConnectedAsync(timeout);

    public Task DisposeAsync() => _federation.DisposeAsync();
}
