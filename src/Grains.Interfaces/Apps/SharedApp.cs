using Orleans;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Interfaces.Apps;

/// <summary>A dtApp as its origin node shares it with the members of a domain.</summary>
/// <param name="Id">32 lowercase hex; the replica's name and the first label of every member's URI.</param>
/// <param name="OriginNodeId">The node that publishes it (where its Service is).</param>
/// <param name="OriginNodeName">That node's DNS name.</param>
/// <param name="OriginName">The dtApp's name on the origin.</param>
/// <param name="Domains">The origin's <c>domainSelector.name</c>.</param>
/// <param name="Spec">The origin's <c>spec</c> (authentication).</param>
[GenerateSerializer, Immutable, Alias("dtaas.SharedApp")]
public sealed record SharedApp([property: Id(0)] string Id, [property: Id(1)] string OriginNodeId, [property: Id(2)] string OriginNodeName, [property: Id(3)] string OriginName, [property: Id(4)] IReadOnlyList<string> Domains, [property: Id(5)] DtAppSpec? Spec)
{
    /// <summary>Equal content, compared by value (records compare lists by reference).</summary>
    public bool SameAs(SharedApp? other) =>
        other is not null && Id == other.Id && OriginNodeId == other.OriginNodeId && OriginNodeName == other.OriginNodeName &&
        OriginName == other.OriginName && Domains.SequenceEqual(other.Domains) &&
        Spec?.AuthenticationType == other.Spec?.AuthenticationType && Spec?.AuthenticationUrl == other.Spec?.AuthenticationUrl;
}
