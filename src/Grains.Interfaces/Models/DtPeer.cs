using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>One remote member of a domain, named by its node id; every field is written by DTaaS.</summary>
public sealed record DtPeer : KubernetesResource<DtPeer>, IKubernetesResource<DtPeer>
{
    /// <summary>The member's overlay address.</summary>
    public string? Address { get; init; }

    public bool? Connected { get; init; }

    /// <summary>Name of the dtDomain this peer belongs to.</summary>
    public string? DtDomain { get; init; }

    /// <summary>The member's node id (32 lowercase hex).</summary>
    public string? Id { get; init; }

    /// <summary>The member's node name (a DNS name).</summary>
    public string? Name { get; init; }

    /// <summary>The member's WireGuard (X25519) public key, base64.</summary>
    public string? PublicKey { get; init; }

    /// <summary>Round-trip time of the last liveness probe over the overlay, as shown by kubectl, e.g. <c>1.2ms</c> (as k8s/crds spells it).</summary>
    public string? Latency { get; init; }

    /// <summary>Why the object is as it is, when a user's change was undone (e.g. a deletion only the creator may make).</summary>
    public string? Message { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.DtPeer;

    public static JsonTypeInfo<DtPeer> JsonTypeInfo => KubernetesJsonContext.Default.DtPeer;

    public static JsonTypeInfo<KubernetesList<DtPeer>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListDtPeer;
}
