using System.Text.Json.Serialization;

namespace Dtaas.Silo.WebConsole;

/// <summary>The console's JSON (camelCase, nulls left out), source-generated like the /v1 API's.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NodeSnapshot))]
[JsonSerializable(typeof(UserSnapshot))]
[JsonSerializable(typeof(SessionBody))]
[JsonSerializable(typeof(ConsoleLogin))]
[JsonSerializable(typeof(ConsoleMember))]
[JsonSerializable(typeof(ConsoleLink))]
public sealed partial class ConsoleJsonContext : JsonSerializerContext;
