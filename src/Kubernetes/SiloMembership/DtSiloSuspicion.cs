using System.Text.Json;
using System.Text.Json.Serialization;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>A silo's vote that a <see cref="DtSilo"/> is dead, and when it was cast.</summary>
public sealed record DtSiloSuspicion
{
    /// <summary>The suspecting silo, as Orleans' parsable silo address (<c>ip:port@generation</c>).</summary>
    public string? Silo { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? Time { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
