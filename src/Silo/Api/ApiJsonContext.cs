using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dtaas.Grains.Interfaces.Trusts;

namespace Dtaas.Silo.Api;

/// <summary>The /v1 API's bodies, camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(UserBody))]
[JsonSerializable(typeof(UserList))]
[JsonSerializable(typeof(ServableBody))]
[JsonSerializable(typeof(ServableList))]
[JsonSerializable(typeof(ServableRequest))]
[JsonSerializable(typeof(GrantRequest))]
[JsonSerializable(typeof(TrustRequest))]
[JsonSerializable(typeof(TrustMemberRequest))]
[JsonSerializable(typeof(TrustObjectRequest))]
[JsonSerializable(typeof(TrustView))]
[JsonSerializable(typeof(TrustList))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
