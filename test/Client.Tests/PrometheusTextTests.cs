using Dtaas.Gateway;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;
using Dtaas.Silo.Metrics;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Client.Tests;

/// <summary>What Prometheus reads at <c>GET /metrics</c>: the gateway's counts and durations, and the objects' state as gauges.</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void Gateway_requests_are_counted_by_app_side_and_code_with_a_duration_histogram()
    {
        using var metrics = new GatewayMetrics();
        using var collector = new GatewayMetricsCollector(metrics);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        metrics.Record("abc", GatewaySide.Public, Answered(200), started);
        metrics.Record("abc", GatewaySide.Public, Answered(200), started);
        metrics.Record("abc", GatewaySide.Origin, Answered(502), started);

        var lines = PrometheusText.Render(collector, new Objects()).Split('\n');

        Assert.Contains("dtaas_gateway_requests_total{app=\"abc\",side=\"public\",code=\"200\"} 2", lines);
        Assert.Contains("dtaas_gateway_requests_total{app=\"abc\",side=\"origin\",code=\"502\"} 1", lines);
        Assert.Contains("dtaas_gateway_request_duration_seconds_bucket{app=\"abc\",side=\"public\",le=\"+Inf\"} 2", lines);
        Assert.Contains("dtaas_gateway_request_duration_seconds_count{app=\"abc\",side=\"public\"} 2", lines);
        Assert.Contains("# TYPE dtaas_gateway_request_duration_seconds histogram", lines);
        // Buckets are cumulative: each at least the one before.
        var buckets = lines.Where(l => l.StartsWith("dtaas_gateway_request_duration_seconds_bucket{app=\"abc\",side=\"public\"", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..])).ToList();
        Assert.Equal(GatewayMetricsCollector.Buckets.Length + 1, buckets.Count);
        Assert.Equal(buckets.Order(), buckets);
    }

    [Fact]
    public void Domains_peers_and_services_are_gauges_of_the_objects_as_they_are_now()
    {
        using var metrics = new GatewayMetrics();
        using var collector = new GatewayMetricsCollector(metrics);
        var objects = new Objects
        {
            DomainList = [new DtDomain { Metadata = new ObjectMeta { Name = "mydomain" }, Status = DtDomainStatus.Ready, Peers = ["n1", "n2"] }],
            PeerList =
            [
                new DtPeer { Metadata = new ObjectMeta { Name = "n1" }, DtDomain = "mydomain", Name = "node1.example.org", Connected = true, Latency = "1.5ms" },
                new DtPeer { Metadata = new ObjectMeta { Name = "n2" }, DtDomain = "mydomain", Name = "odd\"name", Connected = false, Latency = "3.0ms" },
            ],
            ServiceList = [new DtService { Metadata = new ObjectMeta { Name = "myservice" }, Spec = new DtServiceSpec { DomainSelector = "mydomain" }, Status = DtServiceStatus.Failed }],
        };

        var lines = PrometheusText.Render(collector, objects).Split('\n');

        Assert.Contains("dtaas_domain_ready{domain=\"mydomain\"} 1", lines);
        Assert.Contains("dtaas_domain_peers{domain=\"mydomain\"} 2", lines);
        Assert.Contains("dtaas_peer_connected{domain=\"mydomain\",peer=\"n1\",node=\"node1.example.org\"} 1", lines);
        Assert.Contains("dtaas_peer_connected{domain=\"mydomain\",peer=\"n2\",node=\"odd\\\"name\"} 0", lines);
        Assert.Contains("dtaas_peer_latency_seconds{domain=\"mydomain\",peer=\"n1\",node=\"node1.example.org\"} 0.0015", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("dtaas_peer_latency_seconds{domain=\"mydomain\",peer=\"n2\"", StringComparison.Ordinal)); // not connected: no fresh latency
        Assert.Contains("dtaas_service_connected{service=\"myservice\",domain=\"mydomain\"} 0", lines);
    }

    private static HttpContext Answered(int status) => new DefaultHttpContext { Response = { StatusCode = status } };

    private sealed class Objects : ILocalObjects
    {
        public List<DtDomain> DomainList { get; init; } = [];
        public List<DtPeer> PeerList { get; init; } = [];
        public List<DtService> ServiceList { get; init; } = [];

        public IReadOnlyList<DtDomain> Domains() => DomainList;
        public IReadOnlyList<DtPeer> Peers() => PeerList;
        public IReadOnlyList<DtApp> Apps() => [];
        public IReadOnlyList<DtService> Services() => ServiceList;
        public Task SyncedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
