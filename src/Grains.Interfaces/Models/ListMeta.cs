using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>meta/v1 ListMeta: the metadata of lists and of <see cref="Status"/>.</summary>
public sealed record ListMeta
{
    /// <summary>The version to start a watch from after this list.</summary>
    public string? ResourceVersion { get; init; }

    public string? Continue { get; init; }

    public long? RemainingItemCount { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
