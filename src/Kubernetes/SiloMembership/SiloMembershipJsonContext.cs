using System.Text.Json.Serialization;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>The source-generated serializer of the membership kinds, with the options of <see cref="KubernetesJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DtSilo))]
[JsonSerializable(typeof(KubernetesList<DtSilo>))]
[JsonSerializable(typeof(DtSiloTable))]
[JsonSerializable(typeof(KubernetesList<DtSiloTable>))]
public sealed partial class SiloMembershipJsonContext : JsonSerializerContext;
