using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>A WireGuard network across a domain, and this node's pod on it.</summary>
public sealed record DtService : KubernetesResource<DtService>, IKubernetesResource<DtService>
{
    public DtServiceSpec? Spec { get; init; }

    /// <summary>Written by DTaaS: every pod on the network, by its network address.</summary>
    public IReadOnlyDictionary<string, DtServicePeer>? Peers { get; init; }

    /// <summary>One of <see cref="DtServiceStatus"/>.</summary>
    public string? Status { get; init; }

    /// <summary>Why, when not Connected.</summary>
    public string? Message { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.DtService;

    public static JsonTypeInfo<DtService> JsonTypeInfo => KubernetesJsonContext.Default.DtService;

    public static JsonTypeInfo<KubernetesList<DtService>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListDtService;
}
