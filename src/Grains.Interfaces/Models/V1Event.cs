using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 Event: what <c>kubectl describe</c> lists under Events.</summary>
public sealed record V1Event : KubernetesResource<V1Event>, IKubernetesResource<V1Event>
{
    public V1ObjectReference? InvolvedObject { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public string? Type { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? FirstTimestamp { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? LastTimestamp { get; init; }

    public int? Count { get; init; }

    public V1EventSource? Source { get; init; }

    public string? ReportingComponent { get; init; }

    public string? ReportingInstance { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? EventTime { get; init; }

    public string? Action { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.Event;

    public static JsonTypeInfo<V1Event> JsonTypeInfo => KubernetesJsonContext.Default.V1Event;

    public static JsonTypeInfo<KubernetesList<V1Event>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListV1Event;
}
