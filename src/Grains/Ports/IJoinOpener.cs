using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Ports;

/// <summary>
/// The creator's side of the sealed exchanges at its gateway: opens a request with this node's key (checking freshness
/// and replay), and seals the reply for that request only.
/// </summary>
public interface IJoinOpener
{
    /// <summary>A join request, sealed with the token's secret.</summary>
    SealedOpening<JoinRequest, JoinReply> Open(InviteToken token, byte[] sealedRequest);

    /// <summary>A member's <see cref="StandingQuery"/>, which needs no token (a removed member's may be rotated away).</summary>
    SealedOpening<StandingQuery, StandingReply> OpenStanding(byte[] sealedQuery);
}
