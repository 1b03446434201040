using System.Text.Json.Serialization;

namespace Dtaas.Silo.Api;

/// <summary>The answer to a login, in the OAuth2 token response's spelling.</summary>
public sealed record LoginResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("user")] UserBody User);
