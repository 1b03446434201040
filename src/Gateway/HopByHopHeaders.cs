using Microsoft.Extensions.Primitives;

namespace Dtaas.Gateway;

/// <summary>
/// Headers that describe one connection, not the message (RFC 9110 §7.6.1): a proxy drops them in both directions,
/// together with every header the Connection header names.
/// </summary>
internal static class HopByHopHeaders
{
    private static readonly HashSet<string> Fixed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authorization",
    };

    /// <summary>The names to drop for a message whose Connection header has <paramref name="connection"/>.</summary>
    public static HashSet<string> For(StringValues connection)
    {
        var names = new HashSet<string>(Fixed, StringComparer.OrdinalIgnoreCase);
        foreach (var value in connection)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                names.Add(token);
            }
        }
        return names;
    }

    /// <summary>For an upgrade the two headers that ask for it must reach the destination (and come back on the 101).</summary>
    public static HashSet<string> ForUpgrade(StringValues connection)
    {
        var names = For(connection);
        names.Remove("Connection");
        names.Remove("Upgrade");
        return names;
    }
}
