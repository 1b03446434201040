using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtApp.serviceSelector</c> (and <c>dtServable.spec.serviceSelector</c>): the Service by name and, optionally, which of its ports.</summary>
public sealed record DtAppServiceSelector
{
    public string? Name { get; init; }

    /// <summary>A port number or port name, as Kubernetes selects ports; absent means the Service's first port.</summary>
    public IntOrString? Port { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
