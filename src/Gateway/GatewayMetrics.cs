using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Gateway;

/// <summary>
/// What the gateway counts, as .NET metrics (meter <see cref="MeterName"/>): every dtApp request it answered, on the
/// public side (a user's request at this node) and at the origin (a request this node served for its own app), with
/// its status code and duration. The silo exports them (as <c>dtaas_gateway_requests_total</c> and
/// <c>dtaas_gateway_request_duration_seconds</c>); nothing here knows how.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "Dtaas.Gateway";
    public const string RequestsName = "dtaas.gateway.requests";
    public const string DurationName = "dtaas.gateway.request.duration";

    /// <summary>Upper bounds in seconds: a proxied request is a millisecond or so on one machine, seconds over a slow link.</summary>
    public static readonly IReadOnlyList<double> Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public GatewayMetrics()
    {
        _requests = _meter.CreateCounter<long>(RequestsName, description: "dtApp requests answered by the gateway");
        _duration = _meter.CreateHistogram(DurationName, unit: "s", description: "dtApp request duration, until the response ended",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    /// <summary>Counts a request of <paramref name="appId"/> that started at <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Record(string appId, GatewaySide side, HttpContext context, long startedAt)
    {
        var tags = new TagList { { "app", appId }, { "side", side == GatewaySide.Public ? "public" : "origin" } };
        _duration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
        tags.Add("code", context.Response.StatusCode);
        _requests.Add(1, tags);
    }

    public void Dispose() => _meter.Dispose();
}
