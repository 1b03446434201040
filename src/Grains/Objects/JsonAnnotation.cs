using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Objects;

/// <summary>State DTaaS keeps on an object as JSON in an annotation (the CRDs keep the seed's fields only).</summary>
public static class JsonAnnotation
{
    /// <summary>The value under <paramref name="key"/>; null when there is none, or when a user edited it into something else (the owner writes it again).</summary>
    public static T? Read<T>(ObjectMeta metadata, string key, JsonTypeInfo<T> type) where T : class
    {
        if (metadata.Annotations?.TryGetValue(key, out var json) != true)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(json!, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
