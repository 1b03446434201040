using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>meta/v1 Status: the body of every API error (and of some successful deletes).</summary>
public sealed record V1Status
{
    public string ApiVersion { get; init; } = "v1";

    public string Kind { get; init; } = "Status";

    public ListMeta? Metadata { get; init; }

    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Human-readable; what the user should be shown.</summary>
    public string? Message { get; init; }

    /// <summary>Machine-readable, e.g. <c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, <c>Expired</c>.</summary>
    public string? Reason { get; init; }

    public V1StatusDetails? Details { get; init; }

    /// <summary>The HTTP status code.</summary>
    public int? Code { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
