using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>
/// Field selectors (<c>metadata.name=x,involvedObject.kind!=Pod</c>): equality on any dotted path,
/// which covers what kubectl sends (delete --wait, describe's event lookup).
/// </summary>
internal sealed class FieldSelector
{
    private sealed record Requirement(string[] Path, string Value, bool Negated);

    private readonly IReadOnlyList<Requirement> _requirements;

    private FieldSelector(IReadOnlyList<Requirement> requirements) => _requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    /// <exception cref="FormatException">The selector is malformed.</exception>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<Requirement>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (at, length, negated) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, true)
                : part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, false)
                : part.IndexOf('=') is var e and > 0 ? (e, 1, false)
                : throw new FormatException($"invalid field selector requirement \"{part}\"");
            requirements.Add(new Requirement(part[..at].Trim().Split('.'), part[(at + length)..].Trim(), negated));
        }
        return new FieldSelector(requirements);
    }

    public bool Matches(JsonNode? obj)
    {
        foreach (var r in _requirements)
        {
            JsonNode? node = obj;
            foreach (var step in r.Path)
            {
                node = node is JsonObject o ? o[step] : null;
            }
            var value = node switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => node.ToJsonString(),
            };
            if ((value == r.Value) == r.Negated)
            {
                return false;
            }
        }
        return true;
    }
}
