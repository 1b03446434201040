using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>meta/v1 StatusCause: one reason a request failed, e.g. the field a validation refused.</summary>
public sealed record V1StatusCause
{
    /// <summary>e.g. <c>FieldValueRequired</c>, <c>FieldValueInvalid</c>.</summary>
    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary>JSON path of the field, e.g. <c>spec.peer.address</c>.</summary>
    public string? Field { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
