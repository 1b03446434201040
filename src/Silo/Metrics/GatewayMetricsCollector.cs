using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dtaas.Gateway;

namespace Dtaas.Silo.Metrics;

/// <summary>
/// Keeps running totals of the gateway's measurements (<see cref="GatewayMetrics"/>) for scraping: request counts per
/// (app, side, code), and per (app, side) a duration histogram with fixed buckets. Create it before the gateway serves:
/// what was measured before is not seen.
/// </summary>
public sealed class GatewayMetricsCollector : IDisposable
{
    /// <summary>Upper bounds in seconds: a proxied request is a millisecond or so on one machine, seconds over a slow link.</summary>
    public static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<RequestSeries, long> _requests = new();
    private readonly ConcurrentDictionary<DurationSeries, Histogram> _durations = new();

    public GatewayMetricsCollector(GatewayMetrics gateway)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == gateway.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == GatewayMetrics.RequestsName)
            {
                _requests.AddOrUpdate(new RequestSeries(Tag(tags, "app"), Tag(tags, "side"), Tag(tags, "code")), value, (_, total) => total + value);
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == GatewayMetrics.DurationName)
            {
                _durations.GetOrAdd(new DurationSeries(Tag(tags, "app"), Tag(tags, "side")), _ => new Histogram()).Record(value);
            }
        });
        _listener.Start();
    }

    public IEnumerable<KeyValuePair<RequestSeries, long>> Requests => _requests;

    public IEnumerable<KeyValuePair<DurationSeries, Histogram>> Durations => _durations;

    public void Dispose() => _listener.Dispose();

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
        }
        return "";
    }

    public sealed record RequestSeries(string App, string Side, string Code);

    public sealed record DurationSeries(string App, string Side);

    /// <summary>Counts per bucket (not cumulative), the sum and the count, updated together under a lock.</summary>
    public sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length + 1];
        private double _sum;
        private long _count;

        public void Record(double seconds)
        {
            var bucket = Array.FindIndex(Buckets, bound => seconds <= bound);
            lock (_counts)
            {
                _counts[bucket < 0 ? Buckets.Length : bucket]++;
                _sum += seconds;
                _count++;
            }
        }

        /// <summary>Cumulative counts per bucket (the last is +Inf, equal to the count), and the sum.</summary>
        public (long[] Cumulative, double Sum) Snapshot()
        {
            lock (_counts)
            {
                var cumulative = new long[_counts.Length];
                long running = 0;
                for (var i = 0; i < _counts.Length; i++)
                {
                    running += _counts[i];
                    cumulative[i] = running;
                }
                return (cumulative, _sum);
            }
        }
    }
}
