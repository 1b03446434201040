using Dtaas.TestSupport;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Tests.Join;

public sealed class JoinSealTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid DomainUid = Guid.Parse("3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    private static readonly byte[] Request = "{\"node\":\"joiner\"}"u8.ToArray();
    private static readonly byte[] Reply = "{\"address\":\"100.64.0.2\"}"u8.ToArray();

    private readonly KeyPair _creator = KeyPair.Generate();
    private readonly byte[] _secret = Bytes32.Random().ToArray();
    private readonly ManualTimeProvider _clock = new(Now);
    private readonly ReplayCache _replay;

    public JoinSealTests()
    {
        _replay = new ReplayCache(_clock);
    }

    private JoinSession Start() => JoinSession.Start(DomainUid, _creator.PublicKey, _secret);

    private JoinSealResult<OpenedJoinRequest> Open(byte[] sealedRequest, byte[]? secret = null, KeyPair? creator = null, IReplayCache? replay = null) =>
        JoinSeal.OpenRequest(creator ?? _creator, secret ?? _secret, sealedRequest, _clock.GetUtcNow(), Skew, replay ?? _replay);

    private static void AssertRefused(JoinSealError expected, JoinSealResult<OpenedJoinRequest> result, string? message = null)
    {
        Assert.False(result.Succeeded, "the request was accepted");
        Assert.Equal(expected, result.Failure.Error);
        if (message is not null)
        {
            Assert.Equal(message, result.Failure.Message);
        }
    }

    [Fact]
    public void Request_and_reply_round_trip()
    {
        var session = Start();
        var sealedRequest = session.SealRequest(Request, Now);

        var opened = Open(sealedRequest);

        Assert.True(opened.Succeeded, opened.ToString());
        Assert.Equal(Request, opened.Value.Plaintext);
        Assert.Equal(Now, opened.Value.Timestamp);
        Assert.Equal(session.EphemeralPublicKey, opened.Value.Id.EphemeralKey);
        var reply = session.OpenReply(opened.Value.Reply.Seal(Reply));
        Assert.True(reply.Succeeded, reply.ToString());
        Assert.Equal(Reply, reply.Value);
    }

    [Fact]
    public void Layout_is_version_domain_ephemeral_timestamp_nonce_ciphertext_tag()
    {
        var session = Start();
        var sealedRequest = session.SealRequest(Request, Now);

        Assert.Equal(1 + 16 + 32 + 8 + 12 + Request.Length + 16, sealedRequest.Length);
        Assert.Equal(1, sealedRequest[0]);
        Assert.Equal(DomainUid.ToByteArray(bigEndian: true), sealedRequest[1..17]);
        Assert.Equal(session.EphemeralPublicKey.ToArray(), sealedRequest[17..49]);
        Assert.Equal(Now.ToUnixTimeMilliseconds(), System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(sealedRequest.AsSpan(49, 8)));
        Assert.DoesNotContain("joiner", System.Text.Encoding.ASCII.GetString(sealedRequest));
        Assert.True(JoinSeal.TryReadDomainUid(sealedRequest, out var uid, out var error), error);
        Assert.Equal(DomainUid, uid);
    }

    [Fact]
    public void Wrong_invite_secret_is_refused()
    {
        var sealedRequest = Start().SealRequest(Request, Now);

        AssertRefused(JoinSealError.WrongKeyOrSecret, Open(sealedRequest, secret: Bytes32.Random().ToArray()));
    }

    [Fact]
    public void A_request_sealed_to_another_creator_is_refused()
    {
        var sealedRequest = JoinSession.Start(DomainUid, KeyPair.Generate().PublicKey, _secret).SealRequest(Request, Now);

        AssertRefused(JoinSealError.WrongKeyOrSecret, Open(sealedRequest));
    }

    [Fact]
    public void Only_the_creators_private_key_opens_the_request()
    {
        var sealedRequest = Start().SealRequest(Request, Now);

        AssertRefused(JoinSealError.WrongKeyOrSecret, Open(sealedRequest, creator: KeyPair.Generate()));
    }

    [Fact]
    public void A_rotated_token_stops_working_at_once()
    {
        var creatorKey = Bytes32.FromBytes(_creator.PublicKey.AsSpan());
        var old = InviteToken.Issue(DomainUid, "0123456789abcdef0123456789abcdef", creatorKey);
        var rotated = InviteToken.Issue(DomainUid, old.CreatorNodeId, creatorKey);
        var session = JoinSession.Start(old.DomainUid, WireGuardKey.FromBytes(old.CreatorPublicKey.Span), old.Secret.Span);

        AssertRefused(JoinSealError.WrongKeyOrSecret, Open(session.SealRequest(Request, Now), secret: rotated.Secret.ToArray()));
    }

    [Theory]
    [InlineData(70, JoinSealError.WrongKeyOrSecret)] // in the invite secret
    [InlineData(99, JoinSealError.WrongKeyOrSecret)] // the secret's last byte
    [InlineData(40, JoinSealError.WrongKeyOrSecret)] // in the creator's public key
    public void A_token_with_a_flipped_byte_parses_but_its_join_fails(int index, JoinSealError expected)
    {
        var token = InviteToken.Issue(DomainUid, "0123456789abcdef0123456789abcdef", Bytes32.FromBytes(_creator.PublicKey.AsSpan()));
        var bytes = Convert.FromBase64String(token.Encode());
        bytes[index - 1] ^= 0x10;
        Assert.True(InviteToken.TryParse(Convert.ToBase64String(bytes), out var damaged, out var error), error);

        var session = JoinSession.Start(damaged.DomainUid, WireGuardKey.FromBytes(damaged.CreatorPublicKey.Span), damaged.Secret.Span);
        var result = JoinSeal.OpenRequest(_creator, token.Secret.Span, session.SealRequest(Request, Now), Now, Skew, _replay);

        AssertRefused(expected, result);
    }

    [Fact]
    public void A_token_with_a_flipped_domain_uid_names_a_domain_the_creator_does_not_have()
    {
        var token = InviteToken.Issue(DomainUid, "0123456789abcdef0123456789abcdef", Bytes32.FromBytes(_creator.PublicKey.AsSpan()));
        var bytes = Convert.FromBase64String(token.Encode());
        bytes[5] ^= 0x01;
        var damaged = InviteToken.Parse(Convert.ToBase64String(bytes));

        var session = JoinSession.Start(damaged.DomainUid, WireGuardKey.FromBytes(damaged.CreatorPublicKey.Span), damaged.Secret.Span);
        Assert.True(JoinSeal.TryReadDomainUid(session.SealRequest(Request, Now), out var uid, out _));

        // The creator picks the secret by this uid; there is no such domain, so nothing is opened or created.
        Assert.NotEqual(DomainUid, uid);
    }

    [Fact]
    public void Any_single_flipped_bit_anywhere_in_the_request_is_refused()
    {
        var sealedRequest = Start().SealRequest(Request, Now);
        for (var index = 0; index < sealedRequest.Length; index++)
        {
            foreach (var bit in new byte[] { 0x01, 0x80 })
            {
                var damaged = (byte[])sealedRequest.Clone();
                damaged[index] ^= bit;

                // A fresh cache each time, so a refusal is never only "replayed".
                var result = Open(damaged, replay: new ReplayCache(_clock));

                Assert.False(result.Succeeded, $"accepted with byte {index} flipped by {bit:x2}");
                Assert.Equal(index == 0 ? JoinSealError.Malformed : JoinSealError.WrongKeyOrSecret, result.Failure.Error);
            }
        }
        Assert.True(Open(sealedRequest).Succeeded);
    }

    [Fact]
    public void Any_single_flipped_bit_anywhere_in_the_reply_is_refused()
    {
        var session = Start();
        var opened = Open(session.SealRequest(Request, Now));
        Assert.True(opened.Succeeded);
        var sealedReply = opened.Value.Reply.Seal(Reply);
        for (var index = 0; index < sealedReply.Length; index++)
        {
            var damaged = (byte[])sealedReply.Clone();
            damaged[index] ^= 0x04;

            var result = session.OpenReply(damaged);

            Assert.False(result.Succeeded, $"accepted with byte {index} flipped");
            Assert.Equal(index == 0 ? JoinSealError.Malformed : JoinSealError.WrongKeyOrSecret, result.Failure.Error);
        }
    }

    [Theory]
    [InlineData(0, "the join request is empty")]
    [InlineData(84, "the join request is too short: 84 bytes, at least 85 expected")]
    public void Truncated_requests_are_malformed(int length, string message)
    {
        var sealedRequest = Start().SealRequest([], Now);
        Assert.Equal(85, sealedRequest.Length);

        AssertRefused(JoinSealError.Malformed, Open(sealedRequest[..length]), message);
        Assert.False(JoinSeal.TryReadDomainUid(sealedRequest[..length], out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void An_unknown_version_is_named()
    {
        var sealedRequest = Start().SealRequest(Request, Now);
        sealedRequest[0] = 7;

        AssertRefused(JoinSealError.Malformed, Open(sealedRequest), "unknown join request version 7 (this node reads version 1)");
    }

    [Fact]
    public void A_small_order_ephemeral_key_is_malformed()
    {
        var sealedRequest = Start().SealRequest(Request, Now);
        Array.Clear(sealedRequest, 17, 32);

        AssertRefused(JoinSealError.Malformed, Open(sealedRequest));
    }

    [Fact]
    public void An_empty_plaintext_round_trips()
    {
        var session = Start();
        var opened = Open(session.SealRequest([], Now));

        Assert.True(opened.Succeeded);
        Assert.Empty(opened.Value.Plaintext);
        Assert.Empty(session.OpenReply(opened.Value.Reply.Seal([])).Value!);
    }

    [Fact]
    public void A_request_older_than_the_skew_is_refused()
    {
        var stale = Start().SealRequest(Request, Now - Skew - TimeSpan.FromMilliseconds(1));

        var result = Open(stale);

        AssertRefused(JoinSealError.TooOld, result);
        Assert.Contains("at most 60 s is accepted", result.Failure!.Message);
    }

    [Fact]
    public void A_request_from_further_in_the_future_than_the_skew_is_refused()
    {
        var early = Start().SealRequest(Request, Now + Skew + TimeSpan.FromMilliseconds(1));

        AssertRefused(JoinSealError.FromTheFuture, Open(early));
    }

    [Fact]
    public void Requests_within_the_skew_either_way_are_accepted()
    {
        Assert.True(Open(Start().SealRequest(Request, Now - Skew)).Succeeded);
        Assert.True(Open(Start().SealRequest(Request, Now + Skew)).Succeeded);
    }

    [Fact]
    public void The_same_request_twice_is_refused_as_replayed()
    {
        var sealedRequest = Start().SealRequest(Request, Now);

        Assert.True(Open(sealedRequest).Succeeded);
        AssertRefused(JoinSealError.Replayed, Open(sealedRequest), "this join request was already received (replayed)");
    }

    [Fact]
    public void A_replay_after_the_window_is_refused_as_too_old_and_the_cache_has_forgotten_it()
    {
        var sealedRequest = Start().SealRequest(Request, Now);
        Assert.True(Open(sealedRequest).Succeeded);
        Assert.Equal(1, _replay.Count);

        _clock.Advance(Skew + TimeSpan.FromSeconds(1));

        AssertRefused(JoinSealError.TooOld, Open(sealedRequest));
        Assert.Equal(0, _replay.Count);
    }

    [Fact]
    public void A_retry_from_the_same_session_is_a_new_request_and_either_reply_opens()
    {
        var session = Start();
        var first = Open(session.SealRequest(Request, Now));
        var retry = Open(session.SealRequest(Request, Now));

        Assert.True(first.Succeeded && retry.Succeeded);
        Assert.Equal(first.Value.Id.EphemeralKey, retry.Value.Id.EphemeralKey);
        Assert.NotEqual(first.Value.Id, retry.Value.Id);
        Assert.Equal(Reply, session.OpenReply(first.Value.Reply.Seal(Reply)).Value);
        Assert.Equal(Reply, session.OpenReply(retry.Value.Reply.Seal(Reply)).Value);
    }

    [Fact]
    public void The_reply_opens_only_with_the_session_that_made_the_request()
    {
        var session = Start();
        var other = Start();
        Assert.True(Open(other.SealRequest(Request, Now)).Succeeded);
        var opened = Open(session.SealRequest(Request, Now));
        var sealedReply = opened.Value!.Reply.Seal(Reply);

        var stolen = other.OpenReply(sealedReply);

        Assert.False(stolen.Succeeded);
        Assert.Equal(JoinSealError.WrongKeyOrSecret, stolen.Failure.Error);
        Assert.True(session.OpenReply(sealedReply).Succeeded);
    }

    [Fact]
    public void A_request_is_not_a_reply()
    {
        var session = Start();

        Assert.False(session.OpenReply(session.SealRequest(Request, Now)).Succeeded);
        Assert.Equal(JoinSealError.Malformed, session.OpenReply([1, 2, 3]).Failure!.Error);
    }

    [Fact]
    public void A_full_replay_cache_refuses_rather_than_forgets()
    {
        var small = new ReplayCache(_clock, capacity: 2);
        Assert.True(Open(Start().SealRequest(Request, Now), replay: small).Succeeded);
        Assert.True(Open(Start().SealRequest(Request, Now), replay: small).Succeeded);

        AssertRefused(JoinSealError.Busy, Open(Start().SealRequest(Request, Now), replay: small));

        _clock.Advance(Skew + TimeSpan.FromSeconds(1));
        Assert.True(Open(Start().SealRequest(Request, _clock.GetUtcNow()), replay: small).Succeeded);
    }

    [Fact]
    public void The_invite_secret_must_be_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => JoinSession.Start(DomainUid, _creator.PublicKey, new byte[16]));
    }
}
