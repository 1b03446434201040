using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>meta/v1 Preconditions of a delete.</summary>
public sealed record V1Preconditions
{
    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
