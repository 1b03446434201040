using System.Text;

namespace Dtaas.Gateway;

/// <summary>
/// The one line a member's gateway sends first on a connection to an origin's <see cref="OverlaySplice"/>:
/// <c>splice &lt;app id&gt;\n</c> (the rest of the connection is the app's bytes) or <c>probe &lt;app id&gt;\n</c> (answered
/// <see cref="SpliceAnswer"/> or <see cref="HttpAnswer"/>, then closed). It names the app, never the caller: the origin
/// knows the caller by its overlay source address.
/// </summary>
public sealed record SplicePreamble(bool Probe, string AppId)
{
    /// <summary>Longer than any line a gateway sends ("probe " and a 63-character id); a longer one is refused unread.</summary>
    public const int MaxLength = 80;

    public const string SpliceAnswer = "splice";
    public const string HttpAnswer = "http";

    public byte[] ToBytes() => Encoding.ASCII.GetBytes($"{(Probe ? "probe" : "splice")} {AppId}\n");

    /// <summary>The preamble of <paramref name="line"/> (without its newline), or null when it is not one.</summary>
    public static SplicePreamble? Parse(ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        if (space < 0)
        {
            return null;
        }
        var verb = line[..space];
        var id = line[(space + 1)..];
        bool probe = verb.SequenceEqual("probe"u8);
        if (!probe && !verb.SequenceEqual("splice"u8) || id.Length is 0 or > 63)
        {
            return null;
        }
        foreach (var b in id)
        {
            if (b is not ((>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-'))
            {
                return null;
            }
        }
        return new SplicePreamble(probe, Encoding.ASCII.GetString(id).ToLowerInvariant());
    }
}
