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

    public IReadOnlyList<DtTrustObject>? Objects { get; init; }

    /// <summary>Bumped on every change.</summary>
    public long? Version { get; init; }

    public static ResourceKind ResourceKind => ResourceKinds.DtTrust;

    public static JsonTypeInfo<DtTrust> JsonTypeInfo => KubernetesJsonContext.Default.DtTrust;

    public static JsonTypeInfo<KubernetesList<DtTrust>> ListJsonTypeInfo => KubernetesJsonContext.Default.KubernetesListDtTrust;
}
