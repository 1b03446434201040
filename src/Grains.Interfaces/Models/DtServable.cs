using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>An App, Dataset, Model, Report, Pipeline or Daemon owned by a local user; it lives only on its node.</summary>
public sealed record DtServable : KubernetesResource<DtServable>, IKubernetesResource<DtServable>
{
    public DtServableSpec? Spec { get; init; }

    /// <summary>Written by DTaaS: 32 lowercase hex.</summary>
    public string? Id { get; init; }

    /// <summary>Written by DTaaS: <c>http://&lt;id&gt;.&lt;node name&gt;</c>. The JSON name is upper case, as on a dtApp.</summary>
    [JsonPropertyName("URI")]
    public string? Uri { get; init; }

    /// <summary>One of <see cref="DtServableStatus"/>.</summary>
    public string? Status { get; init; }

    /// <summary>Written by DTaaS: why it is Failed.</summary>
    public string? Message { get; init; }

    /// <summary>Written by DTaaS: the capabilities given directly to principals.</summary>
    public IReadOnlyList<DtServableGrant>? Grants { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.DtServable;

    public static JsonTypeInfo<DtServable> JsonTypeInfo => KubernetesJsonContext.Default.DtServable;

    public static JsonTypeInfo<KubernetesList<DtServable>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListDtServable;
}
