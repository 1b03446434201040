using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Servables;

/// <summary>How a dtServable object reads as access rules and as what one caller may see of it.</summary>
public static class ServableObjects
{
    public static IReadOnlyList<string> Types { get; } =
        [DtServableType.App, DtServableType.Dataset, DtServableType.Model, DtServableType.Report, DtServableType.Pipeline, DtServableType.Daemon];

    /// <summary>
    /// Its owner (<c>spec.owner</c>, a user of this node <paramref name="nodeId"/>; none when that is not a username), its
    /// direct grants (an entry that does not parse grants nothing) and what the <paramref name="live"/> trusts give
    /// through approved links.
    /// </summary>
    public static ObjectAccess Access(DtServable servable, string nodeName, string nodeId, IReadOnlyList<TrustedSet> live)
    {
        var owner = servable.Spec?.Owner is { } name && Principal.TryParse($"{name}@{nodeName}", out var parsed, out _) ? new NodePrincipal(parsed, nodeId) : null;
        var grants = (servable.Grants ?? [])
            .Select(g => Principal.TryParse(g.Principal, out var to, out _) && Capabilities.TryParse(g.Capabilities ?? [], out var set, out _)
                ? new ObjectGrant(to, set, g.NodeId) : null)
            .OfType<ObjectGrant>()
            .ToList();
        return new ObjectAccess(owner, grants, TrustApprovals.Links(servable, live));
    }

    /// <summary>
    /// The servable as a caller holding <paramref name="held"/> sees it: DISCOVER alone shows id and type, any other
    /// capability the name and node too, READ everything unless <paramref name="brief"/> (a list item).
    /// </summary>
    public static ServableView View(DtServable servable, string nodeName, Capability held, bool brief = false)
    {
        var id = servable.Id!;
        var type = servable.Spec?.Type ?? "";
        if ((held & ~Capability.Discover) == Capability.None)
        {
            return new ServableView(id, type, held);
        }
        var details = held.HasFlag(Capability.Read) && !brief
            ? new ServableDetails(servable.Spec?.Owner, servable.Uri, servable.Status, servable.Message, servable.Spec?.Description,
                servable.Spec?.Tags ?? [], servable.Spec?.ServiceSelector, servable.Grants ?? [])
            : null;
        return new ServableView(id, type, held, servable.Metadata.Name, nodeName, details);
    }

    /// <summary>
    /// False when <paramref name="principal"/> surely holds nothing on the servable: not its owner, no direct grant
    /// names it and no trust is linked. A plain text check, so a list skips parsing the access of everything else.
    /// </summary>
    public static bool MayConcern(DtServable servable, Principal principal, string nodeName)
    {
        var text = principal.ToString();
        return (principal.Node == nodeName && servable.Spec?.Owner == principal.Username)
            || (servable.Grants ?? []).Any(g => g.Principal == text)
            || servable.Metadata.Annotations?.ContainsKey(TrustApprovals.Annotation) == true;
    }

    /// <summary>False when a grant or trust link of the servable involves a node outside <paramref name="known"/>.</summary>
    public static bool Involves(DtServable servable, KnownNodes known) =>
        (servable.Grants ?? []).All(g => g.Principal is null || known.Knows(g.Principal, g.NodeId))
        && TrustApprovals.Read(servable).All(a => known.Ids.Contains(a.HomeNodeId));

    /// <summary>A servable DTaaS has given an id, not being deleted: the only ones the API shows.</summary>
    public static bool IsListed(DtServable servable) => ObjectIds.IsId(servable.Id) && servable.Metadata.DeletionTimestamp is null;
}
