using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtApp.domainSelector</c>: the domains the app is shared with.</summary>
public sealed record DtAppDomainSelector
{
    public IReadOnlyList<string>? Name { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
