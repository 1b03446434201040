using Orleans;

namespace Dtaas.Grains.Bench;

[Alias("dtaas.bench.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    [Alias("Ping")]
    Task Ping();

    [Alias("Echo")]
    Task<int> Echo(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task Ping() => Task.CompletedTask;
    public Task<int> Echo(int value) => Task.FromResult(value);
}

/// <summary>The same class called directly through its interface: the baseline a grain call is compared with.</summary>
public sealed class DirectPing : IPingGrain
{
    public Task Ping() => Task.CompletedTask;
    public Task<int> Echo(int value) => Task.FromResult(value);
}

/// <summary>A ping grain placed on a random silo of the node, so with several replicas the grains spread over them.</summary>
[Alias("dtaas.bench.ISpreadPingGrain")]
public interface ISpreadPingGrain : IPingGrain
{
    /// <summary>The silo this activation lives on.</summary>
    [Alias("Where")]
    Task<string> Where();
}

[Orleans.Placement.RandomPlacement]
public sealed class SpreadPingGrain : Grain, ISpreadPingGrain
{
    public Task Ping() => Task.CompletedTask;
    public Task<int> Echo(int value) => Task.FromResult(value);
    public Task<string> Where() => Task.FromResult(RuntimeIdentity);
}
