using System.Security.Cryptography;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Tests.Keys;

public sealed class X25519Tests
{
    // RFC 7748 section 6.1.
    private static readonly WireGuardPrivateKey AlicePrivate = WireGuardPrivateKey.ParseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static readonly WireGuardKey AlicePublic = WireGuardKey.ParseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static readonly WireGuardPrivateKey BobPrivate = WireGuardPrivateKey.ParseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static readonly WireGuardKey BobPublic = WireGuardKey.ParseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private const string SharedHex = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    [Fact]
    public void Public_keys_match_the_rfc_vectors()
    {
        Assert.Equal(AlicePublic, AlicePrivate.PublicKey);
        Assert.Equal(BobPublic, KeyPair.FromPrivateKey(BobPrivate).PublicKey);
    }

    [Fact]
    public void Shared_secret_matches_the_rfc_and_is_symmetric()
    {
        Assert.Equal(SharedHex, Convert.ToHexStringLower(X25519.SharedSecret(AlicePrivate, BobPublic)));
        Assert.Equal(SharedHex, Convert.ToHexStringLower(X25519.SharedSecret(BobPrivate, AlicePublic)));
    }

    [Fact]
    public void Shared_secret_of_generated_pairs_is_symmetric()
    {
        var a = KeyPair.Generate();
        var b = KeyPair.Generate();

        Assert.Equal(X25519.SharedSecret(a.PrivateKey, b.PublicKey), X25519.SharedSecret(b.PrivateKey, a.PublicKey));
        Assert.NotEqual(X25519.SharedSecret(a.PrivateKey, b.PublicKey), X25519.SharedSecret(a.PrivateKey, KeyPair.Generate().PublicKey));
    }

    [Fact]
    public void A_small_order_public_key_is_refused()
    {
        // u = 0 and u = 1 are points of small order: any private key gives a zero shared secret with them.
        var zero = WireGuardKey.Zero;
        var one = WireGuardKey.FromBytes([1, .. new byte[31]]);

        Assert.Throws<CryptographicException>(() => X25519.SharedSecret(AlicePrivate, zero));
        Assert.Throws<CryptographicException>(() => X25519.SharedSecret(AlicePrivate, one));
    }

    [Fact]
    public void Generated_keys_are_clamped_like_wg_genkey()
    {
        for (var i = 0; i < 50; i++)
        {
            var key = KeyPair.Generate().PrivateKey.AsSpan();
            Assert.Equal(0, key[0] & 7);
            Assert.Equal(0x40, key[31] & 0xC0);
        }
    }

    [Fact]
    public void A_private_key_never_prints()
    {
        var pair = KeyPair.FromPrivateKey(AlicePrivate);
        var secretBase64 = AlicePrivate.ToBase64();

        Assert.Equal("(private key)", AlicePrivate.ToString());
        Assert.Equal("(private key)", $"{AlicePrivate}");
        Assert.DoesNotContain(secretBase64, pair.ToString());
        Assert.Contains(AlicePublic.ToBase64(), pair.ToString());
    }

    [Fact]
    public void Private_key_text_forms_round_trip()
    {
        Assert.Equal(AlicePrivate, WireGuardPrivateKey.Parse(AlicePrivate.ToBase64()));
        Assert.Equal("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", AlicePrivate.ToHex());
        Assert.False(WireGuardPrivateKey.TryParse("short", out _, out var error));
        Assert.Equal("key must be 44 characters of base64 (as wg prints it), got 5 characters", error);
    }

    [WgFact]
    public void Public_key_derivation_matches_wg_pubkey()
    {
        // Alice's RFC key is not clamped: wg pubkey clamps on the way in, and so must we.
        Assert.Equal(AlicePublic.ToBase64(), WgTool.Run("pubkey", AlicePrivate.ToBase64() + "\n"));
        for (var i = 0; i < 5; i++)
        {
            var pair = KeyPair.Generate();
            Assert.Equal(pair.PublicKey.ToBase64(), WgTool.Run("pubkey", pair.PrivateKey.ToBase64() + "\n"));
        }
    }

    [WgFact]
    public void Keys_from_wg_genkey_parse_and_derive_the_same_public_key()
    {
        var generated = WgTool.Run("genkey");
        var privateKey = WireGuardPrivateKey.Parse(generated);

        Assert.Equal(generated, privateKey.ToBase64());
        Assert.Equal(WgTool.Run("pubkey", generated + "\n"), privateKey.PublicKey.ToBase64());
    }
}
