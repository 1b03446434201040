using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>coordination.k8s.io/v1 Lease: the lock of leader election.</summary>
public sealed record V1Lease : KubernetesResource<V1Lease>, IKubernetesResource<V1Lease>
{
    public V1LeaseSpec? Spec { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.Lease;

    public static JsonTypeInfo<V1Lease> JsonTypeInfo => KubernetesJsonContext.Default.V1Lease;

    public static JsonTypeInfo<KubernetesList<V1Lease>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListV1Lease;
}
