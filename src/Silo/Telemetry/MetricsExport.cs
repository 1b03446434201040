using Dtaas.Gateway;
using Dtaas.Silo.Identity;
using Microsoft.AspNetCore.Builder;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Dtaas.Silo.Telemetry;

/// <summary>
/// The node's metrics for Prometheus (<c>GET /metrics</c> on <c>--metrics-listen</c>): the gateway's and the objects'
/// (see README "Metrics"), ASP.NET Core/Kestrel, HttpClient and .NET runtime metrics, and the grain runtime's meter
/// once it is Orleans. Counts start when the provider is built: build it before the gateway serves.
/// </summary>
public static class MetricsExport
{
    public const string ScrapePath = "/metrics";

    // Orleans' meter; nothing emits it until the grain runtime is Orleans, then its metrics appear without a change here.
    private const string OrleansMeter = "Microsoft.Orleans";

    public static MeterProvider Start(NodeIdentity node) => Sdk.CreateMeterProviderBuilder()
        .SetResourceBuilder(TelemetryResource.For(node))
        .AddMeter(GatewayMetrics.MeterName, ObjectGauges.MeterName, OrleansMeter)
        .AddAspNetCoreInstrumentation()
        .AddHttpClientInstrumentation()
        .AddRuntimeInstrumentation()
        .AddPrometheusExporter(prometheus =>
        {
            // The metrics keep the labels dashboards and alerts know (no otel_scope_* added to each series), and a
            // scrape right after a request sees it (no cached answer).
            prometheus.ScopeInfoEnabled = false;
            prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
        })
        .Build();

    public static void MapMetrics(this WebApplication app, MeterProvider metrics) =>
        app.MapPrometheusScrapingEndpoint(ScrapePath, metrics, configureBranchedPipeline: null, optionsName: null);
}
