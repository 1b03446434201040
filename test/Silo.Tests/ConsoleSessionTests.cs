using Dtaas.Silo.WebConsole;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Silo.Tests;

public sealed class ConsoleSessionTests
{
    private static HttpRequest Request(string? cookie, string? csrf)
    {
        var context = new DefaultHttpContext();
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"{ConsoleSession.CookieName}={cookie}";
        }
        if (csrf is not null)
        {
            context.Request.Headers[ConsoleSession.CsrfHeader] = csrf;
        }
        return context.Request;
    }

    [Fact]
    public void A_write_needs_the_csrf_token_of_its_own_session()
    {
        const string token = "MrVLXHRxueu3_ya3RrB69Al-vJ_Zk_JwvVE-SPXor68";
        var csrf = ConsoleSession.Csrf(token);
        Assert.DoesNotContain(token, csrf);
        Assert.True(ConsoleSession.CsrfMatches(Request(token, csrf), token));
        Assert.False(ConsoleSession.CsrfMatches(Request(token, null), token));
        Assert.False(ConsoleSession.CsrfMatches(Request(token, ConsoleSession.Csrf("another-session")), token));
        Assert.False(ConsoleSession.CsrfMatches(Request(token, token), token));
        Assert.False(ConsoleSession.CsrfMatches(Request(token, new string('a', 10_000)), token));
    }

    [Fact]
    public void The_session_is_the_cookie_up_to_a_bounded_length()
    {
        Assert.Equal("abc", ConsoleSession.Token(Request("abc", null)));
        Assert.Null(ConsoleSession.Token(Request(null, null)));
        Assert.Null(ConsoleSession.Token(Request(new string('a', 513), null)));
    }

    [Fact]
    public void The_cookie_is_HttpOnly_SameSite_Strict_on_the_console_path_and_Secure_only_over_HTTPS()
    {
        var https = new DefaultHttpContext();
        ConsoleSession.Issue(https.Response, "tok", TimeSpan.FromHours(1), secure: true);
        var set = https.Response.Headers.SetCookie.ToString();
        Assert.Contains("httponly", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=3600", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", set, StringComparison.OrdinalIgnoreCase);
        var plain = new DefaultHttpContext();
        ConsoleSession.Issue(plain.Response, "tok", TimeSpan.FromHours(1), secure: false);
        Assert.DoesNotContain("secure", plain.Response.Headers.SetCookie.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
