using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Silo.WebConsole;

/// <summary>
/// A console session is a <c>/v1</c> login token kept in an HttpOnly, SameSite=Strict cookie (Secure over HTTPS), so
/// the page's script never holds it and every check is the API's own (<c>ISessionGrain.Resolve</c>): a token that
/// expires or logs out ends the console too. Writes also carry <see cref="CsrfHeader"/>, a one-way hash of the token
/// the page gets from <c>/console/api/session</c>: another site can neither read it nor send a custom header without
/// a CORS preflight the console never answers.
/// </summary>
public static class ConsoleSession
{
    public const string CookieName = "dtaas_console";
    // Not X-Dtaas-*: the gateway strips those from every client request (only members name users with them).
    public const string CsrfHeader = "X-Console-Csrf";
    public const string CookiePath = "/console";

    /// <summary>Longer than any token the session grain issues; a longer cookie is not looked up.</summary>
    private const int MaxTokenLength = 512;

    public static string? Token(HttpRequest request) =>
        request.Cookies[CookieName] is { Length: > 0 and <= MaxTokenLength } token ? token : null;

    public static string Csrf(string token) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"dtaas-console-csrf\n{token}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether a write carries the token's CSRF header, compared in constant time.</summary>
    public static bool CsrfMatches(HttpRequest request, string token) =>
        request.Headers[CsrfHeader].ToString() is { Length: > 0 and <= 64 } sent &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(sent), Encoding.ASCII.GetBytes(Csrf(token)));

    public static void Issue(HttpResponse response, string token, TimeSpan lifetime, bool secure) =>
        response.Cookies.Append(CookieName, token, Options(secure, lifetime));

    public static void Clear(HttpResponse response, bool secure) => response.Cookies.Delete(CookieName, Options(secure, null));

    private static CookieOptions Options(bool secure, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        Secure = secure,
        SameSite = SameSiteMode.Strict,
        Path = CookiePath,
        MaxAge = lifetime,
        IsEssential = true,
    };
}
