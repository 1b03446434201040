using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Join;

/// <summary>The creator's side of the sealed join (DESIGN.md 2.3); the joiner's is <see cref="JoinSession"/>.</summary>
public static class JoinSeal
{
    /// <summary>
    /// Which domain a sealed request is for, read from its (authenticated) header before opening, so the creator can
    /// pick that domain's key and invite secret. False when the bytes are not a join request this node reads.
    /// </summary>
    public static bool TryReadDomainUid(ReadOnlySpan<byte> sealedRequest, out Guid domainUid, [NotNullWhen(false)] out string? error)
    {
        error = JoinWireFormat.CheckShape(sealedRequest, JoinWireFormat.RequestHeaderLength, "request");
        domainUid = error is null ? JoinWireFormat.DomainUid(sealedRequest) : Guid.Empty;
        return error is null;
    }

    /// <summary>
    /// Opens a request sealed to <paramref name="creator"/> with <paramref name="inviteSecret"/>. Checks, in order: shape,
    /// authenticity (so a forged timestamp is reported as forged, not as old), the timestamp against
    /// <paramref name="now"/> ± <paramref name="maxSkew"/>, and last the replay cache (so only authentic requests take room in it).
    /// </summary>
    public static JoinSealResult<OpenedJoinRequest> OpenRequest(
        KeyPair creator, ReadOnlySpan<byte> inviteSecret, ReadOnlySpan<byte> sealedRequest,
        DateTimeOffset now, TimeSpan maxSkew, IReplayCache replayCache)
    {
        if (!TryReadDomainUid(sealedRequest, out _, out var malformed))
        {
            return Fail(JoinSealError.Malformed, malformed);
        }
        var ephemeralKey = JoinWireFormat.EphemeralKey(sealedRequest);
        JoinKeys keys;
        try
        {
            keys = JoinKeys.Derive(creator.PrivateKey, ephemeralKey, inviteSecret);
        }
        catch (CryptographicException)
        {
            return Fail(JoinSealError.Malformed, "the join request's ephemeral key is of small order (unusable)");
        }
        if (Aead.Open(keys.RequestKey, sealedRequest, JoinWireFormat.RequestHeaderLength) is not { } plaintext)
        {
            return Fail(JoinSealError.WrongKeyOrSecret,
                "the join request does not open with this domain's key and invite secret (a wrong, rotated or altered invite token)");
        }
        var milliseconds = JoinWireFormat.TimestampMilliseconds(sealedRequest);
        if (milliseconds < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return Fail(JoinSealError.Malformed, $"the join request's timestamp {milliseconds} ms is out of range");
        }
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        if (now - timestamp > maxSkew)
        {
            return Fail(JoinSealError.TooOld,
                $"the join request was sealed at {timestamp:O}, {(now - timestamp).TotalSeconds:0.#} s before {now:O}; at most {maxSkew.TotalSeconds:0.#} s is accepted (a replay, or the joiner's clock is behind)");
        }
        if (timestamp - now > maxSkew)
        {
            return Fail(JoinSealError.FromTheFuture,
                $"the join request was sealed at {timestamp:O}, {(timestamp - now).TotalSeconds:0.#} s after {now:O}; at most {maxSkew.TotalSeconds:0.#} s is accepted (the joiner's clock is ahead)");
        }
        var id = new JoinRequestId(ephemeralKey, JoinWireFormat.Nonce(sealedRequest));
        return replayCache.TryRecord(id, timestamp + maxSkew) switch
        {
            ReplayVerdict.New => JoinSealResult<OpenedJoinRequest>.Success(new OpenedJoinRequest(plaintext, timestamp, id, new JoinReplySealer(keys.ReplyKey))),
            ReplayVerdict.Replayed => Fail(JoinSealError.Replayed, "this join request was already received (replayed)"),
            _ => Fail(JoinSealError.Busy, "too many join requests within the replay window; try again later"),
        };
    }

    private static JoinSealResult<OpenedJoinRequest> Fail(JoinSealError error, string message) =>
        JoinSealResult<OpenedJoinRequest>.Fail(error, message);
}
