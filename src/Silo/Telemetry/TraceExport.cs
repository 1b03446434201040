using Dtaas.Silo.Identity;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Dtaas.Silo.Telemetry;

/// <summary>
/// Spans over OTLP (HTTP/protobuf to <c>{--otlp-endpoint}/v1/traces</c>): the silo's own (<see cref="SiloActivities"/>),
/// the federation calls (<see cref="Federation.FederationActivities"/>), every request each listener serves (the public gateway, the origin's
/// overlay ingress, the federation listener, the join endpoint) and every HTTP call the silo makes. W3C trace context
/// crosses the overlay, so a request through another member's gateway is one trace on both nodes. Health checks and
/// metric scrapes are left out: they would drown the rest. New traces are sampled, at most <see cref="RootTracesPerSecond"/>
/// a second (a span per proxied request cost a busy gateway much of its throughput); a request that comes in a sampled
/// trace is always traced.
/// </summary>
public static class TraceExport
{
    public const string TracesPath = "/v1/traces";

    public const int RootTracesPerSecond = 10;

    public static TracerProvider Start(NodeIdentity node, Uri endpoint) => Sdk.CreateTracerProviderBuilder()
        .SetResourceBuilder(TelemetryResource.For(node))
        .SetSampler(new ParentBasedSampler(new RootRateSampler(RootTracesPerSecond, TimeProvider.System)))
        .AddSource(SiloActivities.SourceName)
        .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsHousekeeping(context.Request.Path))
        .AddHttpClientInstrumentation()
        .AddSource(Federation.FederationActivities.SourceName)
        .AddOtlpExporter(otlp =>
        {
            otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
            otlp.Endpoint = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + TracesPath);
        })
        .Build();

    /// <summary>The option's value as a URI (http or https, e.g. <c>http://collector:4318</c>), or why it is not one.</summary>
    public static Uri Parse(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"--otlp-endpoint '{value}' is not an http:// or https:// URL (an OTLP/HTTP collector, e.g. http://localhost:4318).");

    private static bool IsHousekeeping(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments(MetricsExport.ScrapePath);
}
