using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Interfaces.Peers;

/// <summary>Which member a dtPeer shows, of which domain (the local dtDomain's name and the domain uid).</summary>
public sealed record PeerAssignment(string DomainName, Guid DomainUid, DomainMember Member);
