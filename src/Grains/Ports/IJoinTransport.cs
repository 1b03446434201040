using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Ports;

/// <summary>
/// The joiner's side of the join exchange: seals <paramref name="request"/> with the token (DESIGN.md 2.3), sends it to
/// the creator's join endpoint at <paramref name="address"/> and opens the reply.
/// </summary>
public interface IJoinTransport
{
    Task<JoinResult> JoinAsync(string address, InviteToken token, JoinRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the creator's gateway at <paramref name="address"/> whether <paramref name="nodeId"/> is still in the domain,
    /// sealed to <paramref name="creatorPublicKey"/>; null when there is no answer that provably comes from the creator.
    /// </summary>
    Task<StandingReply?> CheckStandingAsync(string address, Guid domainUid, string creatorPublicKey, string nodeId, CancellationToken cancellationToken);
}

/// <summary>The member list the creator sent, or why there is none.</summary>
/// <param name="Retryable">True when trying again later may work (the creator could not be reached); false when the creator refused.</param>
public sealed record JoinResult(MemberList? MemberList, string? Error, bool Retryable)
{
    public static JoinResult Joined(MemberList memberList) => new(memberList, null, false);

    public static JoinResult Refused(string error) => new(null, error, false);

    public static JoinResult Unreachable(string error) => new(null, error, true);
}
