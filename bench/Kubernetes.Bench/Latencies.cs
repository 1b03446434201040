using System.Diagnostics;

namespace Dtaas.Kubernetes.Bench;

/// <summary>Percentiles of Stopwatch-tick durations, in milliseconds (nearest rank).</summary>
public sealed class Latencies
{
    private readonly long[] _sorted;

    public Latencies(IEnumerable<long> ticks)
    {
        _sorted = ticks.Order().ToArray();
    }

    public int Count => _sorted.Length;

    public double Percentile(double p) =>
        _sorted.Length == 0 ? double.NaN : Millis(_sorted[Math.Clamp((int)Math.Ceiling(p * _sorted.Length) - 1, 0, _sorted.Length - 1)]);

    public double Max => _sorted.Length == 0 ? double.NaN : Millis(_sorted[^1]);

    public string Cells => $"{Percentile(0.50):N1} | {Percentile(0.90):N1} | {Percentile(0.99):N1} | {Max:N1}";

    public static double Millis(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
