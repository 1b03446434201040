using System.Text.Json.Serialization;
using Dtaas.Runtime;

namespace Dtaas.Client.Tests;

public sealed record Division(int Dividend, int Divisor);

public interface ICalculatorGrain : IGrainWithStringKey
{
    Task<int> Divide(Division division);
    Task<int> Total(int add);
    Task Hang();
}

/// <summary>A grain the tests add to a real silo to exercise the SDK: results, state, exceptions and timeouts.</summary>
public sealed class CalculatorGrain : Grain, ICalculatorGrain
{
    private int _total;

    public Task<int> Divide(Division division) => Task.FromResult(division.Dividend / division.Divisor);

    public Task<int> Total(int add) => Task.FromResult(_total += add);

    public Task Hang() => Task.Delay(Timeout.Infinite);
}

[JsonSerializable(typeof(Division))]
public sealed partial class CalculatorJsonContext : JsonSerializerContext;
