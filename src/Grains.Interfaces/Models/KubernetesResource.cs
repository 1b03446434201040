using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>
/// The fields every kind has. <c>apiVersion</c> and <c>kind</c> default to the kind's own, so
/// <c>new DtDomain { Metadata = ... }</c> is a complete object.
/// </summary>
public abstract record KubernetesResource<TSelf> : IKubernetesObject
    where TSelf : KubernetesResource<TSelf>, IKubernetesResource<TSelf>
{
    // Written first, as the API server does, although declared in the base record.
    [JsonPropertyOrder(-3)]
    public string ApiVersion { get; init; } = TSelf.ResourceKind.ApiVersion;

    [JsonPropertyOrder(-2)]
    public string Kind { get; init; } = TSelf.ResourceKind.Kind;

    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; init; } = new();

    /// <summary>
    /// Fields this model does not name, kept so DTaaS never loses what a user wrote. Settable (not
    /// init) because the source generator cannot fill extension data through init accessors.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>Whether <paramref name="other"/> has the same content (records compare lists and maps by reference, this by value).</summary>
    public bool SameAs(TSelf? other) =>
        other is not null && JsonSerializer.Serialize((TSelf)this, TSelf.JsonTypeInfo) == JsonSerializer.Serialize(other, TSelf.JsonTypeInfo);

    /// <summary>A copy with other metadata (what <c>with</c> does, for code that only knows the kind generically).</summary>
    public TSelf WithMetadata(ObjectMeta metadata) => (TSelf)(this with { Metadata = metadata });
}
