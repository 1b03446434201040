using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtDomain.spec.peer</c>: the creator to join and the token it issued.</summary>
public sealed record DtDomainPeer
{
    /// <summary>The creator's public address, <c>host[:port]</c>.</summary>
    public string? Address { get; init; }

    public string? InviteToken { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
