using System.Diagnostics;
using Dtaas.Silo.Telemetry;
using Dtaas.TestSupport;
using OpenTelemetry.Trace;

namespace Dtaas.Silo.Tests;

public sealed class RootRateSamplerTests
{
    [Fact]
    public void Requests_that_start_a_trace_are_sampled_up_to_the_rate_each_second_and_the_silos_own_work_always()
    {
        var clock = new ManualTimeProvider();
        var sampler = new RootRateSampler(3, clock);

        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(_ => Sampled(sampler, ActivityKind.Server)));
        Assert.True(Sampled(sampler, ActivityKind.Internal)); // a reconcile
        Assert.True(Sampled(sampler, ActivityKind.Client)); // a federation call
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => Sampled(sampler, ActivityKind.Server)));
    }

    [Fact]
    public void A_request_in_a_sampled_trace_is_traced_whatever_the_rate()
    {
        var sampler = new ParentBasedSampler(new RootRateSampler(0, new ManualTimeProvider()));
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        Assert.Equal(SamplingDecision.RecordAndSample,
            sampler.ShouldSample(new SamplingParameters(parent, parent.TraceId, "request", ActivityKind.Server)).Decision);
        Assert.Equal(SamplingDecision.Drop,
            sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "request", ActivityKind.Server)).Decision);
    }

    private static bool Sampled(Sampler sampler, ActivityKind kind) =>
        sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "request", kind)).Decision == SamplingDecision.RecordAndSample;
}
