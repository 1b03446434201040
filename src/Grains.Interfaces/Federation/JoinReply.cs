namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>What the creator answers an admitted joiner, inside the sealed reply: the member list, the joiner in it.</summary>
public sealed record JoinReply(Membership Membership);
