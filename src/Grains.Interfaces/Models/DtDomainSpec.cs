using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtDomain.spec</c>: what a joining node's user writes.</summary>
public sealed record DtDomainSpec
{
    public DtDomainPeer? Peer { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
