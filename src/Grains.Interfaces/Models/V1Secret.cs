using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 Secret. <c>data</c> values are bytes (base64 on the wire).</summary>
public sealed record V1Secret : KubernetesResource<V1Secret>, IKubernetesResource<V1Secret>
{
    public IReadOnlyDictionary<string, byte[]>? Data { get; init; }

    /// <summary>Write-only convenience: the server merges these into <see cref="Data"/>.</summary>
    public IReadOnlyDictionary<string, string>? StringData { get; init; }

    public string? Type { get; init; }

    public bool? Immutable { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.Secret;

    public static JsonTypeInfo<V1Secret> JsonTypeInfo => KubernetesJsonContext.Default.V1Secret;

    public static JsonTypeInfo<KubernetesList<V1Secret>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListV1Secret;
}
