using System.Text.Json.Serialization;
using Dtaas.Runtime;

namespace Dtaas.Runtime.Bench;

public interface IPingGrain : IGrainWithStringKey
{
    Task Ping();
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

[JsonSerializable(typeof(int))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
