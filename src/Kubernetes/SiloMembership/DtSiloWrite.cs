using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>A committed membership write: the row as it leaves it, and the row etag it replaces (null for an insert).</summary>
public sealed record DtSiloWrite
{
    public string? FromEtag { get; init; }

    public required DtSilo Silo { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
