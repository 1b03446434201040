using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Tests.Keys;

public sealed class WireGuardKeyTests
{
    // RFC 7748 section 6.1: Alice's public key.
    private const string Hex = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";

    [Fact]
    public void Base64_and_hex_round_trip()
    {
        var key = WireGuardKey.ParseHex(Hex);
        var base64 = key.ToBase64();

        Assert.Equal(WireGuardKey.Base64Length, base64.Length);
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(Hex)), base64);
        Assert.Equal(key, WireGuardKey.Parse(base64));
        Assert.Equal(Hex, key.ToHex());
        Assert.Equal(key, WireGuardKey.ParseHex(Hex.ToUpperInvariant()));
        Assert.Equal(base64, key.ToString());
        Assert.Equal(Convert.FromHexString(Hex), key.ToArray());
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = WireGuardKey.ParseHex(Hex);
        var b = WireGuardKey.FromBytes(Convert.FromHexString(Hex));
        var other = WireGuardKey.FromBytes(new byte[32]);

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, other);
        Assert.True(other.IsZero);
        Assert.Equal(WireGuardKey.Zero, default);
        Assert.Single(new HashSet<WireGuardKey> { a, b });
    }

    [Theory]
    [InlineData(null, "key is empty")]
    [InlineData("", "key is empty")]
    [InlineData("abc", "key must be 44 characters of base64 (as wg prints it), got 3 characters")]
    [InlineData("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo", "key must be 44 characters of base64 (as wg prints it), got 43 characters")]
    [InlineData("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTm!=", "key is not valid base64")]
    [InlineData("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmoA", "key is not valid base64")]
    [InlineData("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmp=", "key is not canonical base64 (its last character carries stray bits)")]
    public void Bad_base64_is_refused_with_its_reason(string? text, string expected)
    {
        Assert.False(WireGuardKey.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(expected, Assert.Throws<FormatException>(() => WireGuardKey.Parse(text!)).Message);
    }

    [Theory]
    [InlineData("", "key is empty")]
    [InlineData("8520", "hex key must be 64 hex digits, got 4 characters")]
    [InlineData("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6g", "hex key contains a character that is not a hex digit")]
    public void Bad_hex_is_refused_with_its_reason(string text, string expected)
    {
        Assert.False(WireGuardKey.TryParseHex(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void FromBytes_wants_exactly_32_bytes()
    {
        Assert.Contains("got 31", Assert.Throws<ArgumentException>(() => WireGuardKey.FromBytes(new byte[31])).Message);
    }
}
