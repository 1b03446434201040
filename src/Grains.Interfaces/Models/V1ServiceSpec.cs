using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 ServiceSpec.</summary>
public sealed record V1ServiceSpec
{
    public IReadOnlyList<V1ServicePort>? Ports { get; init; }

    [JsonPropertyName("clusterIP")]
    public string? ClusterIp { get; init; }

    public IReadOnlyDictionary<string, string>? Selector { get; init; }

    public string? Type { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
