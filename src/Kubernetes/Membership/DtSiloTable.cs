using System.Text.Json.Serialization.Metadata;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.Membership;

/// <summary>
/// The version of one cluster's membership table (k8s/crds/dtsilotables.yaml), named by
/// <see cref="MembershipScope.TableName"/>. Kubernetes changes one object atomically, not two, so a membership write
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

    public static ResourceKind ResourceKind => MembershipKinds.DtSiloTable;

    public static JsonTypeInfo<DtSiloTable> JsonTypeInfo => MembershipJsonContext.Default.DtSiloTable;

    public static JsonTypeInfo<KubernetesList<DtSiloTable>> ListJsonTypeInfo => MembershipJsonContext.Default.KubernetesListDtSiloTable;
}
