using System.Net;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>Between Orleans' <see cref="MembershipEntry"/> and the <see cref="DtSilo"/> that stores it.</summary>
public static class SiloMembershipRows
{
    public static DtSilo ToObject(MembershipEntry entry, SiloMembershipScope scope, string etag) => new()
    {
        Metadata = scope.Metadata(scope.RowName(entry.SiloAddress)),
        Address = entry.SiloAddress.Endpoint.ToString(),
        Generation = entry.SiloAddress.Generation,
        Status = entry.Status.ToString(),
        ProxyPort = entry.ProxyPort,
        HostName = entry.HostName,
        SiloName = entry.SiloName,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = Utc(entry.StartTime),
        IAmAliveTime = Utc(entry.IAmAliveTime),
        SuspectTimes = entry.SuspectTimes?.Select(s => new DtSiloSuspicion { Silo = s.Item1.ToParsableString(), Time = Utc(s.Item2) }).ToList(),
        Etag = etag,
    };

    public static MembershipEntry ToEntry(DtSilo silo) => new()
    {
        SiloAddress = AddressOf(silo),
        Status = Enum.Parse<SiloStatus>(silo.Status ?? nameof(SiloStatus.None)),
        ProxyPort = silo.ProxyPort ?? 0,
        HostName = silo.HostName ?? "",
        SiloName = silo.SiloName ?? "",
        RoleName = silo.RoleName,
        UpdateZone = silo.UpdateZone ?? 0,
        FaultZone = silo.FaultZone ?? 0,
        StartTime = silo.StartTime?.UtcDateTime ?? default,
        IAmAliveTime = silo.IAmAliveTime?.UtcDateTime ?? default,
        SuspectTimes = silo.SuspectTimes?
            .Select(s => Tuple.Create(SiloAddress.FromParsableString(s.Silo ?? ""), s.Time?.UtcDateTime ?? default))
            .ToList() ?? [],
    };

    public static SiloAddress AddressOf(DtSilo silo) =>
        SiloAddress.New(IPEndPoint.Parse(silo.Address ?? throw new FormatException($"dtSilo {silo.Metadata.Name} has no address")), silo.Generation ?? 0);

    /// <summary>
    /// When the row was last known to change: its start, its last heartbeat or the last vote to suspect it (declaring a
    /// silo dead is such a vote), as 10.4.2 documents <c>MembershipEntry.EffectiveUpdateTime</c>, which is internal.
    /// </summary>
    public static DateTimeOffset LastUpdate(MembershipEntry entry) =>
        Utc(new[] { entry.StartTime, entry.IAmAliveTime }.Concat(entry.SuspectTimes?.Select(s => s.Item2) ?? []).Max());

    public static bool IsActiveClientGateway(DtSilo silo) => silo.Status == nameof(SiloStatus.Active) && silo.ProxyPort > 0;

    /// <summary>The silo's client gateway as Orleans clients name it (<c>gwy.tcp://ip:proxyPort/generation</c>).</summary>
    public static Uri ClientGatewayUri(DtSilo silo) =>
        SiloAddress.New(new IPEndPoint(AddressOf(silo).Endpoint.Address, silo.ProxyPort ?? 0), silo.Generation ?? 0).ToGatewayUri();

    /// <summary>Orleans keeps these times in UTC; one that is <see cref="DateTimeKind.Unspecified"/> is taken as UTC too.</summary>
    public static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
