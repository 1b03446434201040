namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>A fixture built on a <see cref="SiloTopology"/> (benches drive the same fixtures as the tests).</summary>
public interface ITopologyFixture : IAsyncLifetime
{
    /// <summary>The topology; throws <see cref="InvalidOperationException"/> until it is built.</summary>
    SiloTopology Topology { get; }
}
