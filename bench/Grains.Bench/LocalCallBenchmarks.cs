using BenchmarkDotNet.Attributes;

namespace Dtaas.Grains.Bench;

/// <summary>A grain call on a local activation, from inside the silo process, against the same call made directly on the interface.</summary>
[MemoryDiagnoser]
public class LocalCallBenchmarks
{
    private BenchSilo _silo = null!;
    private IPingGrain _grain = null!;
    private IPingGrain _direct = null!;

    [GlobalSetup]
    public void Setup()
    {
        _silo = BenchSilo.StartAsync().GetAwaiter().GetResult();
        _grain = _silo.Local.GetGrain<IPingGrain>("bench");
        _grain.Ping().GetAwaiter().GetResult(); // activate
        _direct = new DirectPing();
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task DirectInterfaceCall() => _direct.Ping();

    [Benchmark]
    public Task LocalGrainCall() => _grain.Ping();

    [Benchmark]
    public Task<int> LocalGrainCallWithArgument() => _grain.Echo(42);
}
