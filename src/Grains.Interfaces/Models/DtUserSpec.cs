using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtUser.spec</c>: what the node's admin writes.</summary>
public sealed record DtUserSpec
{
    public DtSecretKeyRef? PasswordSecretRef { get; init; }

    public string? DisplayName { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
