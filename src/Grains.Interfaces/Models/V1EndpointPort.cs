using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 EndpointPort.</summary>
public sealed record V1EndpointPort
{
    public string? Name { get; init; }

    public int Port { get; init; }

    public string? Protocol { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
