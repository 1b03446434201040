using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Servables;

/// <summary>
/// The trusts a servable's node approved linking it into (someone holding MANAGE here linked it, giving only what they
/// held), kept on the object in one annotation, one line each: <c>homeNodeId/trustId CAP,CAP linkedBy</c>. A home
/// node's word counts only for links approved here.
/// </summary>
public static class TrustApprovals
{
    public const string Annotation = "sid.sightlineinnovation.com/trust-links";

    public sealed record Approval(string HomeNodeId, string TrustId, Capability Capabilities, string LinkedBy);

    public static IReadOnlyList<Approval> Read(DtServable servable) =>
        servable.Metadata.Annotations?.TryGetValue(Annotation, out var text) == true
            ? [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).OfType<Approval>()]
            : [];

    /// <summary>The servable with the links into trusts of <paramref name="homeNodeIds"/> only.</summary>
    public static DtServable Keep(DtServable servable, IReadOnlyList<string> homeNodeIds) =>
        Written(servable, Read(servable).Where(a => homeNodeIds.Contains(a.HomeNodeId)));

    /// <summary>The servable without its link into trust <paramref name="trustId"/> of <paramref name="homeNodeId"/>.</summary>
    public static DtServable Without(DtServable servable, string homeNodeId, string trustId) =>
        Written(servable, Read(servable).Where(a => (a.HomeNodeId, a.TrustId) != (homeNodeId, trustId)));

    /// <summary>The servable with <paramref name="approval"/> in place of any earlier one for the same trust.</summary>
    public static DtServable With(DtServable servable, Approval approval) =>
        Written(servable, Read(servable).Where(a => (a.HomeNodeId, a.TrustId) != (approval.HomeNodeId, approval.TrustId)).Append(approval));

    private static DtServable Written(DtServable servable, IEnumerable<Approval> approvals)
    {
        var lines = approvals.Select(a => $"{a.HomeNodeId}/{a.TrustId} {string.Join(',', Capabilities.Names(a.Capabilities))} {a.LinkedBy}").ToList();
        // No links: no annotation (the servable reads as it did before any).
        return servable with { Metadata = servable.Metadata.WithAnnotations((Annotation, lines.Count == 0 ? null : string.Join('\n', lines))) };
    }

    /// <summary>What the trusts give on the servable: approved links its home still names, while the home keeps telling.</summary>
    public static IReadOnlyList<TrustLink> Links(DtServable servable, IReadOnlyList<TrustedSet> live) =>
        [.. Read(servable)
            .Select(a => (Approval: a, Set: live.FirstOrDefault(t => t.HomeNodeId == a.HomeNodeId && t.TrustId == a.TrustId)))
            .Where(p => p.Set is not null && p.Set.ObjectIds.Contains(servable.Id))
            .Select(p => new TrustLink(Principals(p.Set!.Trustees, p.Set.NodeIds), Principals(p.Set.Members, p.Set.NodeIds), p.Approval.Capabilities))];

    /// <summary>The entries that parse, each with the node id its home kept for it (none for entries made before ids were kept).</summary>
    private static List<NodePrincipal> Principals(IEnumerable<string> texts, IReadOnlyDictionary<string, string>? nodeIds) =>
        [.. texts.Select(t => Principal.TryParse(t, out var p, out _) ? new NodePrincipal(p, nodeIds?.GetValueOrDefault(t)) : null).OfType<NodePrincipal>()];

    private static Approval? Parse(string line)
    {
        var parts = line.Split(' ');
        var slash = parts[0].IndexOf('/');
        return parts.Length == 3 && slash > 0 && Capabilities.TryParse(parts[1].Split(','), out var set, out _)
            ? new Approval(parts[0][..slash], parts[0][(slash + 1)..], set, parts[2])
            : null;
    }
}
