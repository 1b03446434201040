using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary><c>dtServable.spec</c>: what it is, whose it is and which Service serves it.</summary>
public sealed record DtServableSpec
{
    /// <summary>One of <see cref="DtServableType"/>.</summary>
    public string? Type { get; init; }

    /// <summary>Name of the owning dtUser in this namespace.</summary>
    public string? Owner { get; init; }

    /// <summary>The Service serving its HTTP, selected as a dtApp selects one; absent for a Pipeline or Daemon.</summary>
    public DtAppServiceSelector? ServiceSelector { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
