using Dtaas.Silo.WebConsole;

namespace Dtaas.Silo.Tests;

public sealed class ConsoleAdminSessionTests
{
    private const string ClientToken = "Zk3Jp8mYc1v0Qw7sTn2bXr5uLa9eHd4gKf6oMi8Ay0";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 23, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_cookie_issued_with_the_client_token_holds_until_it_expires_and_never_holds_the_token()
    {
        var cookie = ConsoleAdminSession.Issue(ClientToken, Now + ConsoleAdminSession.Lifetime);
        Assert.StartsWith("a.", cookie);
        Assert.DoesNotContain(ClientToken, cookie);
        Assert.True(ConsoleAdminSession.Claims(cookie));
        Assert.True(ConsoleAdminSession.Verify(cookie, ClientToken, Now));
        Assert.True(ConsoleAdminSession.Verify(cookie, ClientToken, Now + ConsoleAdminSession.Lifetime - TimeSpan.FromSeconds(1)));
        Assert.False(ConsoleAdminSession.Verify(cookie, ClientToken, Now + ConsoleAdminSession.Lifetime));
        Assert.True(cookie.Length <= 512, "the console reads cookies up to 512 characters");
    }

    [Fact]
    public void An_expired_a_tampered_or_another_tokens_cookie_is_refused()
    {
        var cookie = ConsoleAdminSession.Issue(ClientToken, Now + ConsoleAdminSession.Lifetime);
        var expiry = cookie.Split('.')[1];
        var mac = cookie.Split('.')[2];
        // Expired: issued an hour and a second ago.
        Assert.False(ConsoleAdminSession.Verify(ConsoleAdminSession.Issue(ClientToken, Now - TimeSpan.FromSeconds(1)), ClientToken, Now));
        // A later expiry with the old MAC, or a MAC changed in one character.
        Assert.False(ConsoleAdminSession.Verify($"a.{long.Parse(expiry) + 3600}.{mac}", ClientToken, Now));
        Assert.False(ConsoleAdminSession.Verify($"a.{expiry}.{(mac[0] == 'A' ? 'B' : 'A')}{mac[1..]}", ClientToken, Now));
        Assert.False(ConsoleAdminSession.Verify($"a.{expiry}.", ClientToken, Now));
        Assert.False(ConsoleAdminSession.Verify($"a.{expiry}.{mac}.x", ClientToken, Now));
        Assert.False(ConsoleAdminSession.Verify($"a.-5.{mac}", ClientToken, Now));
        Assert.False(ConsoleAdminSession.Verify($"a.99999999999999999999.{mac}", ClientToken, Now));
        Assert.False(ConsoleAdminSession.Verify($"a.9223372036854775807.{mac}", ClientToken, Now));
        // Another node's (or a rotated) client token.
        Assert.False(ConsoleAdminSession.Verify(cookie, ClientToken + "x", Now));
        Assert.False(ConsoleAdminSession.Verify(ConsoleAdminSession.Issue("another-token", Now + ConsoleAdminSession.Lifetime), ClientToken, Now));
        // A validly signed expiry far beyond the lifetime was not issued by the console.
        Assert.False(ConsoleAdminSession.Verify(ConsoleAdminSession.Issue(ClientToken, Now + TimeSpan.FromDays(30)), ClientToken, Now));
    }

    [Fact]
    public void A_v1_token_is_never_taken_for_an_admin_session_and_the_token_comparison_is_exact()
    {
        Assert.False(ConsoleAdminSession.Claims("MrVLXHRxueu3_ya3RrB69Al-vJ_Zk_JwvVE-SPXor68"));
        Assert.True(ConsoleAdminSession.TokenMatches(ClientToken, ClientToken));
        Assert.False(ConsoleAdminSession.TokenMatches(ClientToken[..^1], ClientToken));
        Assert.False(ConsoleAdminSession.TokenMatches(ClientToken + " ", ClientToken));
        Assert.False(ConsoleAdminSession.TokenMatches("", ClientToken));
    }
}
