using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>
/// One silo of a node's Orleans cluster: a row of the membership table (k8s/crds/dtsilos.yaml), named by
/// <see cref="SiloMembershipScope.RowName"/> and labelled with its cluster. Every field is written by DTaaS.
/// </summary>
public sealed record DtSilo : KubernetesResource<DtSilo>, IKubernetesResource<DtSilo>
{
    /// <summary>The silo's endpoint, <c>ip:port</c> (IPv6 in brackets).</summary>
    public string? Address { get; init; }

    public int? Generation { get; init; }

    /// <summary>The Orleans <c>SiloStatus</c> by name.</summary>
    public string? Status { get; init; }

    public int? ProxyPort { get; init; }

    public string? HostName { get; init; }

    public string? SiloName { get; init; }

    public string? RoleName { get; init; }

    public int? UpdateZone { get; init; }

    public int? FaultZone { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? StartTime { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? IAmAliveTime { get; init; }

    public IReadOnlyList<DtSiloSuspicion>? SuspectTimes { get; init; }

    /// <summary>
    /// The row's etag in the membership protocol. Not the resourceVersion: a heartbeat changes that, and Orleans must
    /// still be able to update the row with an etag it read before the heartbeat.
    /// </summary>
    public string? Etag { get; init; }

    public static ResourceKind ResourceKind => SiloMembershipKinds.DtSilo;

    public static JsonTypeInfo<DtSilo> JsonTypeInfo => SiloMembershipJsonContext.Default.DtSilo;

    public static JsonTypeInfo<KubernetesList<DtSilo>> ListJsonTypeInfo => SiloMembershipJsonContext.Default.KubernetesListDtSilo;
}
