using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Dtaas.Silo.Telemetry;

/// <summary>
/// Samples at most <paramref name="perSecond"/> new traces a second that start with a request a listener serves (the
/// rest are dropped before any span is made), so a busy gateway pays for a few traces, not one per request; every other
/// new trace (the silo's own work, its calls) is sampled. Meant as the root sampler of a parent-based one: a request
/// that arrives in a sampled trace (a client's or another member's <c>traceparent</c>) is traced whatever the rate.
/// </summary>
public sealed class RootRateSampler(int perSecond, TimeProvider time) : Sampler
{
    private long _second = -1;
    private int _taken;

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Kind != ActivityKind.Server)
        {
            return new SamplingResult(SamplingDecision.RecordAndSample);
        }
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var current = Interlocked.Read(ref _second);
        if (second != current && Interlocked.CompareExchange(ref _second, second, current) == current)
        {
            Interlocked.Exchange(ref _taken, 0);
        }
        return new SamplingResult(Interlocked.Increment(ref _taken) <= perSecond ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }
}
