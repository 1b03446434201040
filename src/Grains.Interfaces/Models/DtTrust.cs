using System.Text.Json.Serialization.Metadata;

namespace Dtaas.Grains.Interfaces.Models;

/// <summary>A trust on its creator's home node, named by its id; every field is written by DTaaS for its trustees.</summary>
public sealed record DtTrust : KubernetesResource<DtTrust>, IKubernetesResource<DtTrust>
{
    /// <summary>What its creator calls it.</summary>
    public string? Name { get; init; }

    /// <summary>Principals (<c>username@node</c>) who change the trust; its creator first.</summary>
    public IReadOnlyList<string>? Trustees { get; init; }

    /// <summary>Principals (<c>username@node</c>) who receive the capabilities on its objects.</summary>
    public IReadOnlyList<string>? Members { get; init; }

    /// <summary>
    /// The node id of each trustee's and member's node, by principal, resolved from the member lists when the entry was
    /// made: it holds for that node's user only, never for a later node of the same name. A principal without one (an
    /// entry made before ids were kept, or naming a node not known then) goes by name.
    /// </summary>
    public IReadOnlyDictionary<string, string>? NodeIds { get; init; }

    public IReadOnlyList<DtTrustObject>? Objects { get; init; }

    /// <summary>Bumped on every change.</summary>
    public long? Version { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.DtTrust;

    public static JsonTypeInfo<DtTrust> JsonTypeInfo => KubernetesJsonContext.Default.DtTrust;

    public static JsonTypeInfo<KubernetesList<DtTrust>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListDtTrust;
}
