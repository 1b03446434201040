using System.Text.Json.Serialization;

namespace Dtaas.Client;

/// <summary>
/// What a silo tells clients on its machine in <c>&lt;data-dir&gt;/client.json</c>: the address to dial for its SDK
/// client gateway, its node id, and whether that client gateway requires TLS with the node's client certificate (it does whenever it
/// listens beyond loopback, even if it advertises a loopback address). <see cref="Tls"/> is null in a file an older
/// version wrote; then a loopback endpoint means no TLS.
/// </summary>
public sealed record ClientFile(string Endpoint, string NodeId, bool? Tls = null)
{
    public const string Name = "client.json";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ClientFile))]
public sealed partial class ClientJsonContext : JsonSerializerContext;
