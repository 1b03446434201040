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

    /// <summary>
    /// The grantee's node id, resolved from the member list when the grant was made: the grant holds for that node's
    /// user only, never for a later node of the same name. Absent on grants made before, and on grants to a node not
    /// known then (those go by name).
    /// </summary>
    public string? NodeId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
