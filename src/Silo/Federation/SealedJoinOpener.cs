using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The creator's side: opens requests with this node's static key and the token's secret, within
/// <paramref name="maxSkew"/> of this node's clock, each accepted once (<see cref="IReplayCache"/>).
/// </summary>
public sealed class SealedJoinOpener(KeyPair nodeKeys, IReplayCache replays, TimeProvider time, TimeSpan maxSkew) : IJoinOpener
{
    public JoinOpening Open(InviteToken token, byte[] sealedRequest)
    {
        var opened = JoinSeal.OpenRequest(nodeKeys, token.Secret.Span, sealedRequest, time.GetUtcNow(), maxSkew, replays);
        if (!opened.Succeeded)
        {
            return JoinOpening.Refused(opened.Failure.Error switch
            {
                JoinSealError.Malformed => 400,
                JoinSealError.Replayed => 409,
                JoinSealError.Busy => 503,
                _ => 403,
            }, opened.Failure.Message);
        }
        JoinRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(opened.Value.Plaintext, GrainsJsonContext.Default.JoinRequest);
        }
        catch (JsonException e)
        {
            return JoinOpening.Refused(400, $"the join request's content cannot be read: {e.Message}");
        }
        if (request is null)
        {
            return JoinOpening.Refused(400, "the join request is empty");
        }
        var sealer = opened.Value.Reply;
        return JoinOpening.Opened(request, reply => sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(reply, GrainsJsonContext.Default.JoinReply)));
    }
}
