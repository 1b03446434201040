using System.Text.Json.Serialization;
using Dtaas.Grains.Interfaces.Node;

namespace Dtaas.Grains.Interfaces;

/// <summary>JSON contracts of every argument and result of the grain interfaces in this assembly.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NodeInfo))]
public sealed partial class GrainsJsonContext : JsonSerializerContext;
