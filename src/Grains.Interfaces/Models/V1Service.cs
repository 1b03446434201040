using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 Service.</summary>
public sealed record V1Service : KubernetesResource<V1Service>, IKubernetesResource<V1Service>
{
    public V1ServiceSpec? Spec { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.Service;

    public static JsonTypeInfo<V1Service> JsonTypeInfo => KubernetesJsonContext.Default.V1Service;

    public static JsonTypeInfo<KubernetesList<V1Service>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListV1Service;
}
