using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>
/// A federation domain. The user writes <c>spec</c> (only to join); DTaaS writes the top-level
/// fields, where the seed documents show them (DESIGN.md section 3).
/// </summary>
public sealed record DtDomain : KubernetesResource<DtDomain>, IKubernetesResource<DtDomain>
{
    /// <summary>Present only when joining a domain created elsewhere.</summary>
    public DtDomainSpec? Spec { get; init; }

    /// <summary>Written on the creator: the token other nodes join with.</summary>
    public string? InviteToken { get; init; }

    /// <summary>Node ids of the other members.</summary>
    public IReadOnlyList<string>? Peers { get; init; }

    /// <summary>One of <see cref="DtDomainStatus"/>.</summary>
    public string? Status { get; init; }

    /// <summary>Why, when not Ready.</summary>
    public string? Message { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.DtDomain;

    public static JsonTypeInfo<DtDomain> JsonTypeInfo => KubernetesJsonContext.Default.DtDomain;

    public static JsonTypeInfo<KubernetesList<DtDomain>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListDtDomain;
}
