using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The creator's side: opens requests with this node's static key and the token's secret (standing queries: the
/// <see cref="StandingSalt"/>), within <paramref name="maxSkew"/> of this node's clock; join requests are accepted once
/// (<see cref="IReplayCache"/>), standing queries are answered every time (<see cref="NoReplayCache"/>).
/// </summary>
public sealed class SealedJoinOpener(KeyPair nodeKeys, IReplayCache replays, TimeProvider time, TimeSpan maxSkew) : IJoinOpener
{
    public SealedOpening<JoinRequest, JoinReply> Open(InviteToken token, byte[] sealedRequest) =>
        Open(token.Secret.Span, replays, sealedRequest, "join request", GrainsJsonContext.Default.JoinRequest, GrainsJsonContext.Default.JoinReply);

    public SealedOpening<StandingQuery, StandingReply> OpenStanding(byte[] sealedQuery) =>
        Open(StandingSalt.Value, NoReplayCache.Instance, sealedQuery, "standing query", GrainsJsonContext.Default.StandingQuery, GrainsJsonContext.Default.StandingReply);

    private SealedOpening<TRequest, TReply> Open<TRequest, TReply>(ReadOnlySpan<byte> secret, IReplayCache replayCache, byte[] sealedRequest, string what,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TReply> replyType)
        where TRequest : class
    {
        var opened = JoinSeal.OpenRequest(nodeKeys, secret, sealedRequest, time.GetUtcNow(), maxSkew, replayCache);
        if (!opened.Succeeded)
        {
            return SealedOpening<TRequest, TReply>.Refused(opened.Failure.Error switch
            {
                JoinSealError.Malformed => 400,
                JoinSealError.Replayed => 409,
                JoinSealError.Busy => 503,
                _ => 403,
            }, opened.Failure.Message);
        }
        TRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(opened.Value.Plaintext, requestType);
        }
        catch (JsonException e)
        {
            return SealedOpening<TRequest, TReply>.Refused(400, $"the {what}'s content cannot be read: {e.Message}");
        }
        if (request is null)
        {
            return SealedOpening<TRequest, TReply>.Refused(400, $"the {what} is empty");
        }
        var sealer = opened.Value.Reply;
        return SealedOpening<TRequest, TReply>.Opened(request, reply => sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(reply, replyType)));
    }
}
