using Orleans;
using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Interfaces.Peers;

/// <summary>Which member a dtPeer shows, of which domain (the local dtDomain's name and the domain uid).</summary>
[GenerateSerializer, Immutable, Alias("dtaas.PeerAssignment")]
public sealed record PeerAssignment([property: Id(0)] string DomainName, [property: Id(1)] Guid DomainUid, [property: Id(2)] DomainMember Member);
