using System.Text.Json.Serialization.Metadata;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>
/// The version of one cluster's membership table (k8s/crds/dtsilotables.yaml), named by
/// <see cref="SiloMembershipScope.TableName"/>. Kubernetes changes one object atomically, not two, so a membership write
/// commits here (the new version and etag, with the row it writes in <see cref="Pending"/>) and then writes the row's
/// <see cref="DtSilo"/>; whoever reads the table next finishes a write whose author stopped in between.
/// </summary>
public sealed record DtSiloTable : KubernetesResource<DtSiloTable>, IKubernetesResource<DtSiloTable>
{
    public string? ClusterId { get; init; }

    public int? Version { get; init; }

    /// <summary>The table etag in the membership protocol: new with every write, untouched by heartbeats.</summary>
    public string? Etag { get; init; }

    /// <summary>The last committed write, until its row is written (then cleared).</summary>
    public DtSiloWrite? Pending { get; init; }

    public static ResourceKind ResourceKind => SiloMembershipKinds.DtSiloTable;

    public static JsonTypeInfo<DtSiloTable> JsonTypeInfo => SiloMembershipJsonContext.Default.DtSiloTable;

    public static JsonTypeInfo<KubernetesList<DtSiloTable>> ListJsonTypeInfo => SiloMembershipJsonContext.Default.KubernetesListDtSiloTable;
}
