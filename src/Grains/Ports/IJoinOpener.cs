using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Ports;

/// <summary>
/// The creator's side of the join exchange: opens a sealed request with this node's key and the token's secret
/// (checking freshness and replay), and seals the reply for that request only.
/// </summary>
public interface IJoinOpener
{
    JoinOpening Open(InviteToken token, byte[] sealedRequest);
}

/// <summary>An opened request and the way to answer it, or the HTTP status and reason it was refused with.</summary>
public sealed record JoinOpening(JoinRequest? Request, Func<JoinReply, byte[]>? SealReply, int StatusCode, string? Error)
{
    public static JoinOpening Opened(JoinRequest request, Func<JoinReply, byte[]> sealReply) => new(request, sealReply, 200, null);

    public static JoinOpening Refused(int statusCode, string error) => new(null, null, statusCode, error);
}
