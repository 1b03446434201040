using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>meta/v1 DeleteOptions: the optional body of a DELETE.</summary>
public sealed record V1DeleteOptions
{
    public string ApiVersion { get; init; } = "v1";

    public string Kind { get; init; } = "DeleteOptions";

    /// <summary><c>Orphan</c>, <c>Background</c> or <c>Foreground</c>.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>Delete only if the object still has this uid / resourceVersion (409 otherwise).</summary>
    public V1Preconditions? Preconditions { get; init; }

    public long? GracePeriodSeconds { get; init; }

    public IReadOnlyList<string>? DryRun { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
