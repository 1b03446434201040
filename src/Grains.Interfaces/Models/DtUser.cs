using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>
/// A user: on its home node named by its username, with a spec; on every other member of a shared domain a read-only
/// replica named by its id, without a spec.
/// </summary>
public sealed record DtUser : KubernetesResource<DtUser>, IKubernetesResource<DtUser>
{
    /// <summary>On the home node only.</summary>
    public DtUserSpec? Spec { get; init; }

    /// <summary>Written by DTaaS: 32 lowercase hex, the same on every member.</summary>
    public string? Id { get; init; }

    /// <summary>Written by DTaaS: the name on the home node.</summary>
    public string? Username { get; init; }

    /// <summary>Written by DTaaS: the home node's name.</summary>
    public string? Node { get; init; }

    /// <summary>Written by DTaaS: the home node's id.</summary>
    public string? NodeId { get; init; }

    /// <summary>One of <see cref="DtUserStatus"/>.</summary>
    public string? Status { get; init; }

    /// <summary>Written by DTaaS: why the user is Failed, or what DTaaS undid on a replica.</summary>
    public string? Message { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.DtUser;

    public static JsonTypeInfo<DtUser> JsonTypeInfo => KubernetesJsonContext.Default.DtUser;

    public static JsonTypeInfo<KubernetesList<DtUser>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListDtUser;
}
