using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Interfaces.Apps;

/// <summary>A dtApp as its origin node shares it with the members of a domain.</summary>
/// <param name="Id">32 lowercase hex; the replica's name and the first label of every member's URI.</param>
/// <param name="OriginNodeId">The node that publishes it (where its Service is).</param>
/// <param name="OriginNodeName">That node's DNS name.</param>
/// <param name="OriginName">The dtApp's name on the origin.</param>
/// <param name="Domains">The origin's <c>domainSelector.name</c>.</param>
/// <param name="Spec">The origin's <c>spec</c> (authentication).</param>
public sealed record SharedApp(string Id, string OriginNodeId, string OriginNodeName, string OriginName, IReadOnlyList<string> Domains, DtAppSpec? Spec)
{
    /// <summary>Equal content, compared by value (records compare lists by reference).</summary>
    public bool SameAs(SharedApp? other) =>
        other is not null && Id == other.Id && OriginNodeId == other.OriginNodeId && OriginNodeName == other.OriginNodeName &&
        OriginName == other.OriginName && Domains.SequenceEqual(other.Domains) &&
        Spec?.AuthenticationType == other.Spec?.AuthenticationType && Spec?.AuthenticationUrl == other.Spec?.AuthenticationUrl;
}
