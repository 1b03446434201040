namespace Dtaas.Grains.Interfaces.Models;

/// <summary>The kinds DTaaS reads and writes.</summary>
public static class ResourceKinds
{
    public const string DtaasGroup = "sid.sightlineinnovation.com";

    public static ResourceKind DtDomain { get; } = new(DtaasGroup, "v1", "dtdomains", "dtDomain", Namespaced: true);

    public static ResourceKind DtPeer { get; } = new(DtaasGroup, "v1", "dtpeers", "dtPeer", Namespaced: true);

    public static ResourceKind DtApp { get; } = new(DtaasGroup, "v1", "dtapps", "dtApp", Namespaced: true);

    public static ResourceKind DtService { get; } = new(DtaasGroup, "v1", "dtservices", "dtService", Namespaced: true);

    public static ResourceKind DtUser { get; } = new(DtaasGroup, "v1", "dtusers", "dtUser", Namespaced: true);

    public static ResourceKind DtServable { get; } = new(DtaasGroup, "v1", "dtservables", "dtServable", Namespaced: true);

    public static ResourceKind DtTrust { get; } = new(DtaasGroup, "v1", "dttrusts", "dtTrust", Namespaced: true);

    public static ResourceKind Service { get; } = new("", "v1", "services", "Service", Namespaced: true);

    public static ResourceKind Endpoints { get; } = new("", "v1", "endpoints", "Endpoints", Namespaced: true);

    public static ResourceKind Secret { get; } = new("", "v1", "secrets", "Secret", Namespaced: true);

    public static ResourceKind Event { get; } = new("", "v1", "events", "Event", Namespaced: true);

    public static ResourceKind Namespace { get; } = new("", "v1", "namespaces", "Namespace", Namespaced: false);

    public static ResourceKind Lease { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true);

    public static IReadOnlyList<ResourceKind> All { get; } =
        [DtDomain, DtPeer, DtApp, DtService, DtUser, DtServable, DtTrust, Service, Endpoints, Secret, Event, Namespace, Lease];
}
