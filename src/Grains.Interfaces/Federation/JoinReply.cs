using System.Text.Json.Serialization;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>What the creator answers an admitted joiner, inside the sealed reply: the member list, the joiner in it.</summary>
/// <param name="MemberList">Sent as <c>membership</c>, the name earlier nodes read.</param>
public sealed record JoinReply([property: JsonPropertyName("membership")] MemberList MemberList);
