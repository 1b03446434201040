using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Trusts;

/// <summary>How a dtTrust object reads: who knows of it, and what the REST API shows of it.</summary>
public static class TrustObjects
{
    /// <summary>Its trustees and members know of it; to anyone else it does not exist.</summary>
    public static bool Knows(DtTrust? trust, Principal principal) =>
        trust is not null && ((trust.Trustees ?? []).Contains(principal.ToString()) || (trust.Members ?? []).Contains(principal.ToString()));

    /// <summary>Whether every trustee, member and object of the trust is on one of <paramref name="nodeNames"/>.</summary>
    public static bool Within(DtTrust trust, IReadOnlyList<string> nodeNames) =>
        (trust.Trustees ?? []).Concat(trust.Members ?? []).All(p => nodeNames.Contains(KnownNodes.NodeOf(p)))
        && (trust.Objects ?? []).All(o => o.Node is null || nodeNames.Contains(o.Node));

    public static TrustView View(DtTrust trust, string nodeName) =>
        new(trust.Metadata.Name ?? "", trust.Name ?? "", nodeName, trust.Trustees ?? [], trust.Members ?? [],
            [.. (trust.Objects ?? []).Select(o => new TrustLinkView(o.Node ?? "", o.Id ?? "", o.Capabilities ?? []))], trust.Version ?? 0);
}
