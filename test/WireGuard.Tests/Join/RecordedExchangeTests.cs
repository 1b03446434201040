using System.Text;
using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Tests.Join;

/// <summary>
/// Keys, an invite token, a sealed join request with its reply, and a standing query with its answer, made by this
/// project while X25519 came from Portable.BouncyCastle 1.8.10 (fixed keys; the ephemeral keys and nonces were random
/// then and are recorded here). Nodes upgraded since must still derive the same public key, read tokens issued before,
/// and open what an un-upgraded member sends them.
/// </summary>
public sealed class RecordedExchangeTests
{
    private static readonly WireGuardPrivateKey CreatorPrivate = WireGuardPrivateKey.ParseHex("a8e3c1f0b27d4e5a9c6b3f1e2d4c5b6a7980f1e2d3c4b5a6978877665544334b");
    private static readonly WireGuardPrivateKey JoinerPrivate = WireGuardPrivateKey.ParseHex("1077665544332211ffeeddccbbaa99887766554433221100f0e0d0c0b0a09058");
    private static readonly Guid DomainUid = Guid.Parse("0b7e4c2a-91d3-4f58-a6e0-5c2d8f1b3a97");
    private static readonly DateTimeOffset SealedAt = new(2026, 12, 2, 4, 20, 0, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);
    private const string JoinerNodeId = "00112233445566778899aabbccddeeff";

    private const string CreatorPublic = "iW8RHH/r6P+DtGWNZGejs8XTH3CiXe18gCS87AOaMgU=";
    private const string JoinerPublic = "brxCWiQc5f7xisHjTkk9UJ/uMfpTNquuZgyklA2uDm0=";
    private const string Shared = "SczOibURyEyYjzFWO22BMMmlcx/+mpX6GukAQXxNuTs=";
    private const string Token =
        "ZHQBC35MKpHTT1im4Fwtjxs6l08+LRwLCgkIBwYFBAMCAQCJbxEcf+vo/4O0ZY1kZ6OzxdMfcKJd7XyAJLzsA5oyBV4fDJ2Lem9eTTwrGgn459bFtKOSgXBvXk08KxoJ+OfW";
    private const string Request =
        "AQt+TCqR009YpuBcLY8bOpeITUKe69fsRDopatzSPykJRRshoaUOI8FBMXtoP5XXPgAAAaI0+xWA3uG2RnWQCe7cnSOPGbiNRoV+wgBSLLQ60E1IxlWx5pwowKMLSnNHK8oSHsi3DxXND9W6gQ8OJalwh+Tj6W0VlhNL1RU0vgtdIHdzkSWVfhYd/Cm8B9Z/1qJ3ScgFTvB6IWfVwjyu4t/zNTtuCXSkv35Egm7czU6olYkcqLOXlBaGzv0iqX7+ZzVTVvd6En5qwvTK75CnPqc1+PkzO33BGnU16NTwmolfLjkbbLmM9iJCAr8ZsPAlUfbFNqCWyrkWJUAmF7svGfuBHbWJ/+qja4+Of9E=";
    private const string Reply = "AR4sD9+G0K8R3LxSte5bxv3Dq411mMfWP+zQBg0GUM4zvnaJy/qYdzoJ1izsg6Y=";
    private const string Query =
        "AQt+TCqR009YpuBcLY8bOpfnaJmDIaj0oQ2j77EFvX3wJY/c/Bp26NHdDTrS8TPuVAAAAaI0+xWALVxvhAjQCOJhUUv7ZaJDs6Eg4Y9Ov/W9RJ6JZ9w2R8G2nXyiu/wurLXARTanFH9CP7th3WrXIz9SrPdrBUuFvBw9G+eQ7AC30Q==";
    private const string Answer = "AYYHriA9dyGM1N+69kcVuQ8xmgKeY9Si7p5kY0+N8RMj2OJgiI3ZcO3RSXz7Wa4ktgtW4V3kJ36sU3rDJ6lxxMU=";

    private static readonly KeyPair Creator = KeyPair.FromPrivateKey(CreatorPrivate);

    [Fact]
    public void Stored_private_keys_give_the_same_public_keys_and_shared_secret()
    {
        Assert.Equal(CreatorPublic, Creator.PublicKey.ToBase64());
        Assert.Equal(JoinerPublic, JoinerPrivate.PublicKey.ToBase64());
        Assert.Equal(Shared, Convert.ToBase64String(X25519.SharedSecret(CreatorPrivate, WireGuardKey.Parse(JoinerPublic))));
        Assert.Equal(Shared, Convert.ToBase64String(X25519.SharedSecret(JoinerPrivate, WireGuardKey.Parse(CreatorPublic))));
    }

    [Fact]
    public void An_earlier_token_decodes_and_its_sealed_join_request_opens_with_the_creators_key()
    {
        var token = InviteToken.Parse(Token);
        Assert.Equal(DomainUid, token.DomainUid);
        Assert.Equal("4f3e2d1c0b0a09080706050403020100", token.CreatorNodeId);
        Assert.Equal(CreatorPublic, token.CreatorPublicKey.ToBase64());
        Assert.Equal(Token, token.Encode());

        var opened = JoinSeal.OpenRequest(Creator, token.Secret.Span, Convert.FromBase64String(Request), SealedAt, Skew, NoReplayCache.Instance);

        Assert.True(opened.Succeeded, opened.ToString());
        Assert.Equal(SealedAt, opened.Value.Timestamp);
        var request = JsonSerializer.Deserialize(opened.Value.Plaintext, GrainsJsonContext.Default.JoinRequest)!;
        Assert.Equal(new JoinRequest(JoinerNodeId, "node1", JoinerPublic, "10.77.0.2:51820"), request with { OverlayNetworks = null });
        Assert.Equal(["100.65.0.0/16"], request.OverlayNetworks);
    }

    [Fact]
    public void The_earlier_creators_reply_opens_with_the_keys_of_that_request()
    {
        var sealedRequest = Convert.FromBase64String(Request);
        var keys = JoinKeys.Derive(CreatorPrivate, JoinWireFormat.EphemeralKey(sealedRequest), InviteToken.Parse(Token).Secret.Span);

        var reply = Aead.Open(keys.ReplyKey, Convert.FromBase64String(Reply), JoinWireFormat.ReplyHeaderLength);

        Assert.Equal("{\"hello\":\"joiner\"}", reply is null ? "(the reply does not open)" : Encoding.UTF8.GetString(reply));
    }

    [Fact]
    public void An_earlier_standing_query_opens_and_its_answer_opens_with_that_querys_keys()
    {
        var sealedQuery = Convert.FromBase64String(Query);

        var opened = JoinSeal.OpenRequest(Creator, StandingSalt.Value, sealedQuery, SealedAt, Skew, NoReplayCache.Instance);

        Assert.True(opened.Succeeded, opened.ToString());
        Assert.Equal(new StandingQuery(JoinerNodeId), JsonSerializer.Deserialize(opened.Value.Plaintext, GrainsJsonContext.Default.StandingQuery));
        var keys = JoinKeys.Derive(CreatorPrivate, JoinWireFormat.EphemeralKey(sealedQuery), StandingSalt.Value);
        var answer = Aead.Open(keys.ReplyKey, Convert.FromBase64String(Answer), JoinWireFormat.ReplyHeaderLength);
        Assert.NotNull(answer);
        Assert.Equal(new StandingReply(DomainExists: true, Member: false), JsonSerializer.Deserialize(answer, GrainsJsonContext.Default.StandingReply));
    }
}
