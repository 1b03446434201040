using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>
/// A parsed label selector: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>.
/// Requirements are ANDed, as in Kubernetes.
/// </summary>
internal sealed class LabelSelector
{
    private enum Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

    private sealed record Requirement(string Key, Op Op, IReadOnlySet<string> Values);

    private readonly IReadOnlyList<Requirement> _requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => _requirements.Count == 0;

    /// <exception cref="FormatException">The selector is malformed.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            requirements.Add(ParseRequirement(part.Trim()));
        }
        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var r in _requirements)
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.Op switch
            {
                Op.Equals => has && r.Values.Contains(value!),
                Op.In => has && r.Values.Contains(value!),
                Op.NotEquals => !has || !r.Values.Contains(value!),
                Op.NotIn => !has || !r.Values.Contains(value!),
                Op.Exists => has,
                Op.DoesNotExist => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    public bool Matches(JsonNode? obj) => Matches(LabelsOf(obj));

    public static IReadOnlyDictionary<string, string> LabelsOf(JsonNode? obj)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj?["metadata"]?["labels"] is JsonObject labels)
        {
            foreach (var (k, v) in labels)
            {
                result[k] = v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "";
            }
        }
        return result;
    }

    // Commas separate requirements except inside the parentheses of in/notin.
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    if (depth < 0)
                    {
                        throw new FormatException($"unbalanced ')' in selector \"{text}\"");
                    }
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0)
        {
            throw new FormatException($"unbalanced '(' in selector \"{text}\"");
        }
        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part)
    {
        if (part.Length == 0)
        {
            throw new FormatException("empty requirement in label selector");
        }
        if (part.StartsWith('!'))
        {
            return new Requirement(ValidKey(part[1..].Trim()), Op.DoesNotExist, new HashSet<string>());
        }
        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = ValidKey(part[..at].Trim());
                var value = part[(at + token.Length)..].Trim();
                return new Requirement(key, op, new HashSet<string>(StringComparer.Ordinal) { value });
            }
        }
        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2)
        {
            var rest = words[1];
            var set = rest.StartsWith("notin", StringComparison.Ordinal) ? Op.NotIn
                : rest.StartsWith("in", StringComparison.Ordinal) ? Op.In
                : throw new FormatException($"unknown operator in requirement \"{part}\"");
            var list = rest[(set == Op.NotIn ? 5 : 2)..].Trim();
            if (!list.StartsWith('(') || !list.EndsWith(')'))
            {
                throw new FormatException($"expected (values) after {(set == Op.In ? "in" : "notin")} in \"{part}\"");
            }
            var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0);
            return new Requirement(ValidKey(words[0]), set, new HashSet<string>(values, StringComparer.Ordinal));
        }
        return new Requirement(ValidKey(part), Op.Exists, new HashSet<string>());
    }

    private static string ValidKey(string key)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or '=' or '!'))
        {
            throw new FormatException($"invalid label key \"{key}\"");
        }
        return key;
    }
}
