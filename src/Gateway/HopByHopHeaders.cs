using Microsoft.Extensions.Primitives;

namespace Dtaas.Gateway;

/// <summary>
/// Headers that describe one connection, not the message (RFC 9110 §7.6.1): a proxy drops them in both directions,
/// together with every header the Connection header names. Built per message without allocating when the message has
/// no Connection header (HTTP/2 never does; most HTTP/1.1 keep-alive requests neither).
/// </summary>
internal readonly struct HopByHopHeaders
{
    private static readonly HashSet<string> Fixed = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authenticate", "Proxy-Authorization",
    };

    private readonly string[] _named;
    private readonly bool _upgrade;

    private HopByHopHeaders(StringValues connection, bool upgrade)
    {
        _upgrade = upgrade;
        _named = connection.Count == 0
            ? []
            : [.. connection.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
    }

    /// <summary>For a message whose Connection header has <paramref name="connection"/>.</summary>
    public static HopByHopHeaders For(StringValues connection) => new(connection, upgrade: false);

    /// <summary>For an upgrade the two headers that ask for it must reach the destination (and come back on the 101).</summary>
    public static HopByHopHeaders ForUpgrade(StringValues connection) => new(connection, upgrade: true);

    public bool Drops(string name)
    {
        if (Fixed.Contains(name))
        {
            return !(_upgrade && (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)));
        }
        foreach (var named in _named)
        {
            if (named.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
