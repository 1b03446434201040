using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Federation.Protocol;

/// <summary>A domain's member list between its record (<see cref="MemberList"/>) and its message.</summary>
public static class MemberListMapping
{
    public static V1.Membership ToMessage(this MemberList memberList) => new()
    {
        DomainUid = ProtocolValues.Uuid(memberList.DomainUid),
        CreatorNodeId = memberList.CreatorNodeId,
        Version = memberList.Version,
        OverlayNetwork = memberList.OverlayNetwork,
        Members = { memberList.Members.Select(ToMessage) },
    };

    public static MemberList ToRecord(this V1.Membership message) => new(
        ProtocolValues.Uuid(message.DomainUid, "membership.domain_uid"),
        message.CreatorNodeId,
        message.Version,
        message.OverlayNetwork,
        [.. message.Members.Select(ToRecord)]);

    public static V1.DomainMember ToMessage(this DomainMember member) => new()
    {
        NodeId = member.NodeId,
        Name = member.Name,
        PublicKey = member.PublicKey,
        Endpoint = member.Endpoint,
        OverlayAddress = member.OverlayAddress,
    };

    public static DomainMember ToRecord(this V1.DomainMember message) =>
        new(message.NodeId, message.Name, message.PublicKey, message.Endpoint, message.OverlayAddress);
}
