using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 Endpoints: where a Service's traffic goes.</summary>
public sealed record V1Endpoints : KubernetesResource<V1Endpoints>, IKubernetesResource<V1Endpoints>
{
    public IReadOnlyList<V1EndpointSubset>? Subsets { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.Endpoints;

    public static JsonTypeInfo<V1Endpoints> JsonTypeInfo => KubernetesJsonContext.Default.V1Endpoints;

    public static JsonTypeInfo<KubernetesList<V1Endpoints>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListV1Endpoints;
}
