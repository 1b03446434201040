using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>One pod on a dtService network: its pod labels and WireGuard key.</summary>
public sealed record DtServicePeer
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public string? PublicKey { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
