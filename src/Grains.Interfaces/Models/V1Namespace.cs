using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 Namespace (cluster-scoped).</summary>
public sealed record V1Namespace : KubernetesResource<V1Namespace>, IKubernetesResource<V1Namespace>
{
    public V1NamespaceStatus? Status { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.Namespace;

    public static JsonTypeInfo<V1Namespace> JsonTypeInfo => KubernetesJsonContext.Default.V1Namespace;

    public static JsonTypeInfo<KubernetesList<V1Namespace>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListV1Namespace;
}
