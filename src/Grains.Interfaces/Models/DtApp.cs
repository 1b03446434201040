using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>A local Service exposed across domains under a URI DTaaS assigns.</summary>
public sealed record DtApp : KubernetesResource<DtApp>, IKubernetesResource<DtApp>
{
    /// <summary>The Service to expose; present on the origin node only.</summary>
    public DtAppServiceSelector? ServiceSelector { get; init; }

    public DtAppDomainSelector? DomainSelector { get; init; }

    public DtAppSpec? Spec { get; init; }

    /// <summary>Written by DTaaS: <c>http://&lt;id&gt;.&lt;node name&gt;</c>. The JSON name is upper case, as users know it.</summary>
    [JsonPropertyName("URI")]
    public string? Uri { get; init; }

    /// <summary>Written by DTaaS: <c>Failed</c> when the app cannot be served; absent otherwise, as in the seed.</summary>
    public string? Status { get; init; }

    /// <summary>Written by DTaaS: why the app cannot be served, or what DTaaS undid on a replica.</summary>
    public string? Message { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.DtApp;

    public static JsonTypeInfo<DtApp> JsonTypeInfo => KubernetesJsonContext.Default.DtApp;

    public static JsonTypeInfo<KubernetesList<DtApp>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListDtApp;
}
