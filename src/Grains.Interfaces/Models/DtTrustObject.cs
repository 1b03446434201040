using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>One entry of <c>dtTrust.objects</c>: an object on some node and the capabilities the trust gives on it.</summary>
public sealed record DtTrustObject
{
    /// <summary>The name of the node holding the object.</summary>
    public string? Node { get; init; }

    /// <summary>The object's id (32 lowercase hex).</summary>
    public string? Id { get; init; }

    /// <summary>Upper-case capability names, as the CRD spells them.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
