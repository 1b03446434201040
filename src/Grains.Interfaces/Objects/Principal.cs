using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>
/// A user of a node as people and the CRDs write it: <c>username@node name</c>. The username is a dtUser's object name
/// on its home node; the node name is a DNS name, kept in lower case because DNS ignores case. Only <see cref="Parse"/>,
/// <see cref="TryParse"/> and <see cref="Of"/> make one, so every instance is well formed and equal text means equal principal.
/// </summary>
public sealed partial record Principal
{
    private Principal(string username, string node)
    {
        Username = username;
        Node = node;
    }

    public string Username { get; }

    /// <summary>The home node's name.</summary>
    public string Node { get; }

    /// <summary>The principal for a local dtUser name (e.g. a servable's <c>spec.owner</c>) on the node named <paramref name="node"/>.</summary>
    public static Principal Of(string username, string node) =>
        TryCreate(username, node, out var principal, out var problem) ? principal : throw new FormatException(problem);

    public static Principal Parse(string? text) =>
        TryParse(text, out var principal, out var problem) ? principal : throw new FormatException(problem);

    /// <summary>Reads <c>username@node name</c>, or says what is wrong with <paramref name="text"/>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Principal? principal, [NotNullWhen(false)] out string? problem)
    {
        principal = null;
        var at = text?.IndexOf('@') ?? -1;
        if (text is null || at < 0 || at != text.LastIndexOf('@'))
        {
            problem = $"'{text}' is not a principal: write it username@node name, e.g. alice@node0.example.org";
            return false;
        }
        return TryCreate(text[..at], text[(at + 1)..], out principal, out problem);
    }

    public override string ToString() => $"{Username}@{Node}";

    private static bool TryCreate(string username, string node, [NotNullWhen(true)] out Principal? principal, [NotNullWhen(false)] out string? problem)
    {
        principal = null;
        if (!ObjectNames.IsValid(username))
        {
            problem = $"'{username}' is not a username: a dtUser's name is lower case letters, digits, '-' and '.', starting and ending with a letter or digit";
            return false;
        }
        if (node.Length is 0 or > 253 || !NodePattern().IsMatch(node))
        {
            problem = $"'{node}' is not a node name: a DNS name is labels of letters, digits and '-' (at most 63 each) joined by '.'";
            return false;
        }
        principal = new Principal(username, node.ToLowerInvariant());
        problem = null;
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex NodePattern();
}
