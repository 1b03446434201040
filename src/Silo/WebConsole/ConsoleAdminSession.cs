using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dtaas.Silo.WebConsole;

/// <summary>
/// The node admin's console session: whoever holds the node's client token (the SDK token) sees the node-level views.
/// The cookie never holds the token: it is <c>a.&lt;expiry unix seconds&gt;.&lt;HMAC-SHA256 of "dtaas-console-admin|"+expiry
/// keyed by the client token&gt;</c>, so every replica (which all hold the same token) can verify it without shared
/// state, and a new client token ends every admin session. It cannot be revoked before it expires: signing out clears
/// the browser's copy only, hence the short <see cref="Lifetime"/>.
/// </summary>
public static class ConsoleAdminSession
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private const string Prefix = "a.";
    private const string Purpose = "dtaas-console-admin|";

    /// <summary>Whether a console cookie claims to be an admin session (a /v1 token is base64url: it has no dot).</summary>
    public static bool Claims(string cookie) => cookie.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Issue(string clientToken, DateTimeOffset expiresAt)
    {
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{Prefix}{expiry}.{Mac(clientToken, expiry)}";
    }

    /// <summary>Whether <paramref name="cookie"/> is an admin session issued with <paramref name="clientToken"/> that has not expired at <paramref name="now"/>.</summary>
    public static bool Verify(string cookie, string clientToken, DateTimeOffset now)
    {
        if (!Claims(cookie) || cookie[Prefix.Length..].Split('.') is not [var expiry, var mac] ||
            !long.TryParse(expiry, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }
        // An expiry beyond the lifetime was not issued here (clocks of replicas may differ by a little).
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        return expiresAt > now && expiresAt <= now + Lifetime + TimeSpan.FromMinutes(1) &&
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(Mac(clientToken, expiry)));
    }

    /// <summary>Whether <paramref name="given"/> is the client token, in time that does not depend on where they differ (nor on their lengths: both are hashed first).</summary>
    public static bool TokenMatches(string given, string clientToken) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(clientToken)));

    private static string Mac(string clientToken, string expiry) =>
        Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientToken), Encoding.UTF8.GetBytes(Purpose + expiry)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
