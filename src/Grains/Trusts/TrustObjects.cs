using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Trusts;

/// <summary>How a dtTrust object reads: who knows of it, who changes it, and what the REST API shows of it.</summary>
public static class TrustObjects
{
    /// <summary>Its trustees and members know of it; to anyone else it does not exist.</summary>
    public static bool Knows(DtTrust? trust, VerifiedPrincipal caller) =>
        trust is not null && (Holds(trust, trust.Trustees, caller) || Holds(trust, trust.Members, caller));

    /// <summary>Whether <paramref name="caller"/> is a trustee: by node id where the entry has one, else by name.</summary>
    public static bool IsTrustee(DtTrust trust, VerifiedPrincipal caller) => Holds(trust, trust.Trustees, caller);

    /// <summary>Whether every trustee, member and object of the trust is on a node of <paramref name="known"/> (by node id where the entry has one).</summary>
    public static bool Within(DtTrust trust, KnownNodes known) =>
        (trust.Trustees ?? []).Concat(trust.Members ?? []).All(p => known.Knows(p, trust.NodeIds?.GetValueOrDefault(p)))
        && (trust.Objects ?? []).All(o => o.Node is null || known.Names.Contains(o.Node));

    /// <summary>The node ids kept for the principals still in <paramref name="trust"/> (none left over for one removed).</summary>
    public static Dictionary<string, string> NodeIdsOfEntries(DtTrust trust) =>
        (trust.Trustees ?? []).Concat(trust.Members ?? [])
            .Select(p => (Principal: p, Id: trust.NodeIds?.GetValueOrDefault(p)))
            .Where(p => p.Id is not null)
            .DistinctBy(p => p.Principal)
            .ToDictionary(p => p.Principal, p => p.Id!);

    public static TrustView View(DtTrust trust, string nodeName) =>
        new(trust.Metadata.Name ?? "", trust.Name ?? "", nodeName, trust.Trustees ?? [], trust.Members ?? [],
            [.. (trust.Objects ?? []).Select(o => new TrustLinkView(o.Node ?? "", o.Id ?? "", o.Capabilities ?? []))], trust.Version ?? 0);

    private static bool Holds(DtTrust trust, IReadOnlyList<string>? entries, VerifiedPrincipal caller) =>
        (entries ?? []).Any(e => Principal.TryParse(e, out var p, out _) && new NodePrincipal(p, trust.NodeIds?.GetValueOrDefault(e)).Is(caller.Principal, caller.Id.NodeId));
}
