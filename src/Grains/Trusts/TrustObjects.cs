using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Trusts;

namespace Dtaas.Grains.Trusts;

/// <summary>How a dtTrust object reads: who knows of it, and what the REST API shows of it.</summary>
public static class TrustObjects
{
    /// <summary>Its trustees and members know of it; to anyone else it does not exist.</summary>
    public static bool Knows(DtTrust? trust, Principal principal) =>
        trust is not null && ((trust.Trustees ?? []).Contains(principal.ToString()) || (trust.Members ?? []).Contains(principal.ToString()));

    public static TrustView View(DtTrust trust, string nodeName) =>
        new(trust.Metadata.Name ?? "", trust.Name ?? "", nodeName, trust.Trustees ?? [], trust.Members ?? [],
            [.. (trust.Objects ?? []).Select(o => new TrustLinkView(o.Node ?? "", o.Id ?? "", o.Capabilities ?? []))], trust.Version ?? 0);
}
