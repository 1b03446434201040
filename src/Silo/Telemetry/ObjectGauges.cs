using System.Diagnostics.Metrics;
using System.Globalization;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Silo.Telemetry;

/// <summary>
/// The objects' state as gauges (meter <see cref="MeterName"/>), read from the local objects at each collection:
/// domains ready and their member counts, dtPeers connected with their last probe's round trip, dtServices connected.
/// An operator alerts on a member that went away without scraping kubectl.
/// </summary>
public sealed class ObjectGauges : IDisposable
{
    public const string MeterName = "Dtaas.Objects";

    private readonly Meter _meter = new(MeterName);

    public ObjectGauges(ILocalObjects objects)
    {
        _meter.CreateObservableGauge("dtaas.domain.ready",
            () => objects.Domains().Select(d => new Measurement<int>(d.Status == DtDomainStatus.Ready ? 1 : 0, DomainTag(d))),
            description: "1 when the dtDomain is Ready (created, or joined and a member).");
        _meter.CreateObservableGauge("dtaas.domain.peers",
            () => objects.Domains().Select(d => new Measurement<int>(d.Peers?.Count ?? 0, DomainTag(d))),
            description: "Other members of the domain, as the dtDomain lists them.");
        _meter.CreateObservableGauge("dtaas.peer.connected",
            () => objects.Peers().Select(p => new Measurement<int>(p.Connected == true ? 1 : 0, PeerTags(p))),
            description: "1 when the dtPeer's member answers probes over the overlay.");
        _meter.CreateObservableGauge("dtaas.peer.latency",
            () => from peer in objects.Peers()
                  let seconds = peer.Connected == true ? LatencySeconds(peer.Latency) : null
                  where seconds is not null
                  select new Measurement<double>(seconds.Value, PeerTags(peer)),
            unit: "s", description: "Round trip of the last probe over the overlay, as the connected dtPeer shows it.");
        _meter.CreateObservableGauge("dtaas.service.connected",
            () => objects.Services().Select(s => new Measurement<int>(s.Status == DtServiceStatus.Connected ? 1 : 0,
                new KeyValuePair<string, object?>("service", s.Metadata.Name ?? ""), new KeyValuePair<string, object?>("domain", s.Spec?.DomainSelector ?? ""))),
            description: "1 when the dtService's pod is on its network (status Connected).");
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> DomainTag(DtDomain domain) => new("domain", domain.Metadata.Name ?? "");

    private static KeyValuePair<string, object?>[] PeerTags(DtPeer peer) =>
        [new("domain", peer.DtDomain ?? ""), new("peer", peer.Metadata.Name ?? ""), new("node", peer.Name ?? "")];

    // The dtPeer shows it as kubectl prints it, "1.2ms".
    private static double? LatencySeconds(string? latency) =>
        latency is { Length: > 2 } && latency.EndsWith("ms", StringComparison.Ordinal)
        && double.TryParse(latency[..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            ? milliseconds / 1000
            : null;
}
