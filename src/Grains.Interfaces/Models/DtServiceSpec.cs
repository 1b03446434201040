using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtService.spec</c>: the domain and pod the user names, and the server DTaaS fills in on clients.</summary>
public sealed record DtServiceSpec
{
    /// <summary>Name of the dtDomain whose members may join the network.</summary>
    public string? DomainSelector { get; init; }

    /// <summary>Name of the pod that gets the network interface.</summary>
    public string? PodSelector { get; init; }

    /// <summary>Written by DTaaS on client nodes.</summary>
    public DtServiceServer? Server { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
