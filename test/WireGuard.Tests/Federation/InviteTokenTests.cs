using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.WireGuard.Tests.Federation;

public sealed class InviteTokenTests
{
    private static readonly Guid DomainUid = Guid.Parse("3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    private const string NodeId = "0123456789abcdef0123456789abcdef";

    private static InviteToken Sample() => new(DomainUid, NodeId, Bytes32.Random(), Bytes32.Random());

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes);

    private static byte[] SampleBytes() => Convert.FromBase64String(Sample().Encode());

    [Fact]
    public void Round_trips_through_its_text()
    {
        var token = Sample();
        var text = token.Encode();

        Assert.Equal(132, text.Length);
        Assert.True(InviteToken.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(token, parsed);
        Assert.Equal(DomainUid, parsed.DomainUid);
        Assert.Equal(NodeId, parsed.CreatorNodeId);
        Assert.Equal(token.CreatorPublicKey, parsed.CreatorPublicKey);
        Assert.Equal(token.Secret, parsed.Secret);
        Assert.Equal(token, InviteToken.Parse($"  {text}\n"));
    }

    [Fact]
    public void Layout_is_magic_version_uid_node_key_secret()
    {
        var token = Sample();
        var bytes = Convert.FromBase64String(token.Encode());

        Assert.Equal(InviteToken.EncodedLength, bytes.Length);
        Assert.Equal("dt"u8.ToArray(), bytes[..2]);
        Assert.Equal(1, bytes[2]);
        Assert.Equal(DomainUid.ToByteArray(bigEndian: true), bytes[3..19]);
        Assert.Equal(Convert.FromHexString(NodeId), bytes[19..35]);
        Assert.Equal(token.CreatorPublicKey.ToArray(), bytes[35..67]);
        Assert.Equal(token.Secret.ToArray(), bytes[67..99]);
    }

    [Fact]
    public void Issue_draws_a_new_secret_each_time()
    {
        var key = Bytes32.Random();
        var first = InviteToken.Issue(DomainUid, NodeId, key);
        var rotated = InviteToken.Issue(DomainUid, NodeId, key);

        Assert.NotEqual(first.Secret, rotated.Secret);
        Assert.NotEqual(first, rotated);
        Assert.NotEqual(first.Encode(), rotated.Encode());
    }

    [Fact]
    public void ToString_leaves_out_the_secret()
    {
        var token = Sample();

        Assert.DoesNotContain(token.Secret.ToBase64(), token.ToString());
        Assert.Contains(token.CreatorPublicKey.ToBase64(), token.ToString());
        Assert.Equal("(32 bytes)", token.Secret.ToString());
    }

    public static TheoryData<string?, string> Malformed()
    {
        var good = SampleBytes();
        byte[] With(int index, byte value)
        {
            var copy = (byte[])good.Clone();
            copy[index] = value;
            return copy;
        }
        byte[] Zeroed(int from, int length)
        {
            var copy = (byte[])good.Clone();
            Array.Clear(copy, from, length);
            return copy;
        }
        return new TheoryData<string?, string>
        {
            { null, "invite token is empty" },
            { "   ", "invite token is empty" },
            { "this is not base64!", "invite token is not base64" },
            { "ZHQ", "invite token is not base64" },
            { Encode([0x64, 0x74]), "invite token too short: 2 bytes" },
            { Encode(good[..98]), "invite token too short: 98 bytes, a version 1 token has 99" },
            { Encode([.. good, 0]), "invite token too long: 100 bytes, a version 1 token has 99" },
            { Encode(With(0, (byte)'x')), "not a DTaaS invite token (it lacks the DTaaS marker; tokens of other or older software are not accepted)" },
            { Encode(With(2, 2)), "unknown token version 2 (this node reads version 1)" },
            { Encode(With(2, 0)), "unknown token version 0 (this node reads version 1)" },
            { Encode(Zeroed(3, 16)), "invite token carries a bad value: the domain uid is empty" },
            { Encode(Zeroed(35, 32)), "invite token carries a bad value: the creator public key is all zeros" },
            { Encode(Zeroed(67, 32)), "invite token carries a bad value: the invite secret is all zeros" },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_tokens_are_refused_with_a_precise_message(string? text, string expected)
    {
        Assert.False(InviteToken.TryParse(text, out var token, out var error));
        Assert.Null(token);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void The_seed_documents_older_token_is_not_a_dtaas_token()
    {
        const string seed = "VHNL8qPUdHRoaOTJ8oOoyoKD59CmJO/KxjluEj6pIX0mC8RBgQwGKepPHb1rhP2U65uWyGYSoooW9+bbYnOS3QAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABFCuuq+JuQxlZJa2NpDN5c4WouM93gjU6Dkewdb5N17tfi70gBGew4RkpXdVPgJGHm/0Y0uYmqKmBL5hQ0Z0uIzKlEe5dRI8dKzzJyaPMmFFiXQMCBq4MVQKoaoQAAAAAAAAAAAAAAAAAAAABrAO/ual8n3psD3QecqfPb//7Ahkjm5wi8Oy0Sied4XjYku/KEsp3K6UFzsPpdl6MPvFIuq4tnOUFz9p7q0+0d";

        Assert.False(InviteToken.TryParse(seed, out _, out var error));
        Assert.StartsWith("not a DTaaS invite token", error);
    }

    [Fact]
    public void A_flipped_byte_in_the_body_still_parses_but_carries_other_values()
    {
        var token = Sample();
        foreach (var index in new[] { 3, 20, 40, 80 })
        {
            var bytes = Convert.FromBase64String(token.Encode());
            bytes[index] ^= 0x01;

            Assert.True(InviteToken.TryParse(Encode(bytes), out var damaged, out var error), error);
            Assert.NotEqual(token, damaged);
        }
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    public void The_constructor_refuses_a_node_id_that_is_not_32_lowercase_hex(string nodeId)
    {
        var error = Assert.Throws<ArgumentException>(() => new InviteToken(DomainUid, nodeId, Bytes32.Random(), Bytes32.Random()));
        Assert.Equal($"the creator node id must be 32 lowercase hex digits, got '{nodeId}'", error.Message);
    }
}
