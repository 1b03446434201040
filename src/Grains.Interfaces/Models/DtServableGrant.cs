using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>One entry of <c>dtServable.grants</c>: capabilities a holder of MANAGE gave a principal directly.</summary>
public sealed record DtServableGrant
{
    /// <summary><c>username@node</c>.</summary>
    public string? Principal { get; init; }

    /// <summary>Upper-case capability names, as the CRD spells them.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }

    /// <summary>The principal who made the grant (<c>username@node</c>).</summary>
    public string? GrantedBy { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
