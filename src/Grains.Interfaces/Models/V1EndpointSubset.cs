using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 EndpointSubset: addresses that share a set of ports.</summary>
public sealed record V1EndpointSubset
{
    public IReadOnlyList<V1EndpointAddress>? Addresses { get; init; }

    public IReadOnlyList<V1EndpointAddress>? NotReadyAddresses { get; init; }

    public IReadOnlyList<V1EndpointPort>? Ports { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
