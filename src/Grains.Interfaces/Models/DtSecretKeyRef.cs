using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>One key of a Secret in the object's namespace (<c>dtUser.spec.passwordSecretRef</c>).</summary>
public sealed record DtSecretKeyRef
{
    public string? Name { get; init; }

    public string? Key { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
