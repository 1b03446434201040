using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>core/v1 ServicePort.</summary>
public sealed record V1ServicePort
{
    public string? Name { get; init; }

    public string? Protocol { get; init; }

    public int Port { get; init; }

    /// <summary>A number, or the name of a container port; absent means the same as <see cref="Port"/>.</summary>
    public IntOrString? TargetPort { get; init; }

    public int? NodePort { get; init; }

    /// <summary>The application protocol: <c>kubernetes.io/h2c</c> (or <c>h2c</c>, <c>grpc</c>) makes the gateway speak HTTP/2 to it.</summary>
    public string? AppProtocol { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
