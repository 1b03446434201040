using System.Text.Json.Serialization;

namespace Dtaas.Client;

/// <summary>What a silo tells clients on its machine in <c>&lt;data-dir&gt;/client.json</c>: where its SDK gateway is, and its node id.</summary>
public sealed record ClientFile(string Endpoint, string NodeId)
{
    public const string Name = "client.json";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ClientFile))]
public sealed partial class ClientJsonContext : JsonSerializerContext;
