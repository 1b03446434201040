using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>Kubernetes <c>metadata</c> of an object (meta/v1 ObjectMeta).</summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }

    public string? GenerateName { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }

    /// <summary>Opaque version for optimistic concurrency; an update carrying a stale one gets 409.</summary>
    public string? ResourceVersion { get; init; }

    public long? Generation { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? CreationTimestamp { get; init; }

    [JsonConverter(typeof(KubernetesTimeConverter))]
    public DateTimeOffset? DeletionTimestamp { get; init; }

    public long? DeletionGracePeriodSeconds { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    public IReadOnlyList<string>? Finalizers { get; init; }

    public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }

    public bool HasFinalizer(string finalizer) => Finalizers?.Contains(finalizer) == true;

    /// <summary>This metadata with <paramref name="finalizer"/> added (once) or removed; other finalizers are kept.</summary>
    public ObjectMeta WithFinalizer(string finalizer, bool present)
    {
        var finalizers = (Finalizers ?? []).Where(f => f != finalizer).ToList();
        if (present)
        {
            finalizers.Add(finalizer);
        }
        return this with { Finalizers = finalizers.Count == 0 ? null : finalizers };
    }

    /// <summary>This metadata with these annotations set (a null value removes one); the others are kept.</summary>
    public ObjectMeta WithAnnotations(params (string Key, string? Value)[] changes)
    {
        var annotations = new Dictionary<string, string>(Annotations ?? new Dictionary<string, string>());
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                annotations.Remove(key);
            }
            else
            {
                annotations[key] = value;
            }
        }
        return this with { Annotations = annotations.Count == 0 ? null : annotations };
    }

    /// <summary>Fields this model does not name (managedFields, selfLink, ...), kept so a write loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
