using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtApp.spec</c>: how the gateway authenticates requests for the app.</summary>
public sealed record DtAppSpec
{
    /// <summary>One of <see cref="DtAppAuthenticationType"/>.</summary>
    public string? AuthenticationType { get; init; }

    /// <summary>With <c>Custom</c>: the URL the gateway asks, carrying the client's credentials.</summary>
    [JsonPropertyName("authenticationURL")]
    public string? AuthenticationUrl { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
