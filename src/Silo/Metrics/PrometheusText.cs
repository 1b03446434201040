using System.Globalization;
using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Silo.Metrics;

/// <summary>
/// The node's metrics in the Prometheus text format (version 0.0.4): the gateway's request counts and durations, and
/// gauges read from the objects as they are now (domains ready, dtPeers connected, dtServices connected), so an
/// operator can alert on a member that went away without scraping kubectl.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(GatewayMetricsCollector gateway, ILocalObjects objects)
    {
        var text = new StringBuilder();

        Family(text, "dtaas_gateway_requests_total", "counter", "dtApp requests answered by the gateway (side: public = a user's request here, origin = served for this node's own app).");
        foreach (var (series, count) in gateway.Requests.OrderBy(r => (r.Key.App, r.Key.Side, r.Key.Code)))
        {
            Sample(text, "dtaas_gateway_requests_total", [("app", series.App), ("side", series.Side), ("code", series.Code)], count);
        }

        Family(text, "dtaas_gateway_request_duration_seconds", "histogram", "dtApp request duration at the gateway, until the response ended.");
        foreach (var (series, histogram) in gateway.Durations.OrderBy(d => (d.Key.App, d.Key.Side)))
        {
            var (cumulative, sum) = histogram.Snapshot();
            for (var i = 0; i < cumulative.Length; i++)
            {
                var bound = i < GatewayMetricsCollector.Buckets.Length ? Number(GatewayMetricsCollector.Buckets[i]) : "+Inf";
                Sample(text, "dtaas_gateway_request_duration_seconds_bucket", [("app", series.App), ("side", series.Side), ("le", bound)], cumulative[i]);
            }
            Sample(text, "dtaas_gateway_request_duration_seconds_sum", [("app", series.App), ("side", series.Side)], sum);
            Sample(text, "dtaas_gateway_request_duration_seconds_count", [("app", series.App), ("side", series.Side)], cumulative[^1]);
        }

        Family(text, "dtaas_domain_ready", "gauge", "1 when the dtDomain is Ready (created, or joined and a member).");
        var domains = objects.Domains().OrderBy(d => d.Metadata.Name, StringComparer.Ordinal).ToList();
        foreach (var domain in domains)
        {
            Sample(text, "dtaas_domain_ready", [("domain", domain.Metadata.Name ?? "")], domain.Status == DtDomainStatus.Ready ? 1 : 0);
        }
        Family(text, "dtaas_domain_peers", "gauge", "Other members of the domain, as the dtDomain lists them.");
        foreach (var domain in domains)
        {
            Sample(text, "dtaas_domain_peers", [("domain", domain.Metadata.Name ?? "")], domain.Peers?.Count ?? 0);
        }

        var peers = objects.Peers().OrderBy(p => (p.DtDomain, p.Metadata.Name)).ToList();
        Family(text, "dtaas_peer_connected", "gauge", "1 when the dtPeer's member answers probes over the overlay.");
        foreach (var peer in peers)
        {
            Sample(text, "dtaas_peer_connected", PeerLabels(peer), peer.Connected == true ? 1 : 0);
        }
        Family(text, "dtaas_peer_latency_seconds", "gauge", "Round trip of the last probe over the overlay, as the connected dtPeer shows it.");
        foreach (var peer in peers)
        {
            if (peer.Connected == true && LatencySeconds(peer.Latency) is { } seconds)
            {
                Sample(text, "dtaas_peer_latency_seconds", PeerLabels(peer), seconds);
            }
        }

        Family(text, "dtaas_service_connected", "gauge", "1 when the dtService's pod is on its network (status Connected).");
        foreach (var service in objects.Services().OrderBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            Sample(text, "dtaas_service_connected", [("service", service.Metadata.Name ?? ""), ("domain", service.Spec?.DomainSelector ?? "")],
                service.Status == DtServiceStatus.Connected ? 1 : 0);
        }
        return text.ToString();
    }

    private static (string, string)[] PeerLabels(DtPeer peer) => [("domain", peer.DtDomain ?? ""), ("peer", peer.Metadata.Name ?? ""), ("node", peer.Name ?? "")];

    // The dtPeer shows it as kubectl prints it, "1.2ms".
    private static double? LatencySeconds(string? latency) =>
        latency is { Length: > 2 } && latency.EndsWith("ms", StringComparison.Ordinal)
        && double.TryParse(latency[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            ? milliseconds / 1000
            : null;

    private static void Family(StringBuilder text, string name, string type, string help)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    private static void Sample(StringBuilder text, string name, (string Name, string Value)[] labels, double value)
    {
        text.Append(name).Append('{');
        for (var i = 0; i < labels.Length; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
        }
        text.Append("} ").Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // The format's label escapes: backslash, double quote, newline.
    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
