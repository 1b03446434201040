using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 EndpointAddress.</summary>
public sealed record V1EndpointAddress
{
    public string? Ip { get; init; }

    public string? Hostname { get; init; }

    public string? NodeName { get; init; }

    public V1ObjectReference? TargetRef { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
