using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtService.spec.server</c>: how a client pod reaches the network's server.</summary>
public sealed record DtServiceServer
{
    /// <summary>The server's WireGuard endpoint, <c>host:port</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The network's CIDR, routed through the server.</summary>
    public string? Peer { get; init; }

    public string? PublicKey { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
