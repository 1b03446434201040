using System.Diagnostics;

namespace Dtaas.Federation.Bench;

/// <summary>Percentiles of Stopwatch-tick durations, in milliseconds (nearest rank).</summary>
public sealed class Latencies(IEnumerable<long> ticks)
{
    private readonly long[] _sorted = [.. ticks.Order()];

    public int Count => _sorted.Length;

    public double Percentile(double p) =>
        _sorted.Length == 0 ? double.NaN : Millis(_sorted[Math.Clamp((int)Math.Ceiling(p * _sorted.Length) - 1, 0, _sorted.Length - 1)]);

    public double P50 => Percentile(0.50);

    public double Max => _sorted.Length == 0 ? double.NaN : Millis(_sorted[^1]);

    public static double Millis(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
