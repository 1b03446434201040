using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>
/// The subset of kubectl JSONPath printer columns use: <c>.a.b</c>, <c>.a[*]</c>, <c>.a[0]</c>, <c>.a['x.y']</c>.
/// </summary>
internal sealed class SimpleJsonPath
{
    private abstract record Step;
    private sealed record Field(string Name) : Step;
    private sealed record Index(int Position) : Step;
    private sealed record Wildcard : Step;

    private readonly IReadOnlyList<Step> _steps;

    private SimpleJsonPath(IReadOnlyList<Step> steps) => _steps = steps;

    public static SimpleJsonPath Parse(string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }
        if (text.StartsWith('$'))
        {
            text = text[1..];
        }
        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }
                if (end > i + 1)
                {
                    steps.Add(new Field(text[(i + 1)..end]));
                }
                i = end;
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    throw new FormatException($"unterminated [ in JSONPath {path}");
                }
                var inner = text[(i + 1)..close].Trim();
                if (inner == "*")
                {
                    steps.Add(new Wildcard());
                }
                else if (int.TryParse(inner, out var position))
                {
                    steps.Add(new Index(position));
                }
                else
                {
                    steps.Add(new Field(inner.Trim('\'', '"')));
                }
                i = close + 1;
            }
            else
            {
                throw new FormatException($"unexpected '{text[i]}' in JSONPath {path}");
            }
        }
        return new SimpleJsonPath(steps);
    }

    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in _steps)
        {
            current = current.SelectMany(node => Apply(step, node)).ToList();
        }
        return current.Where(n => n is not null).ToList();
    }

    private static IEnumerable<JsonNode?> Apply(Step step, JsonNode? node)
    {
        switch (step)
        {
            case Field f when node is JsonObject obj && obj.TryGetPropertyValue(f.Name, out var value):
                return [value];
            case Index ix when node is JsonArray arr:
                var at = ix.Position < 0 ? arr.Count + ix.Position : ix.Position;
                return at >= 0 && at < arr.Count ? [arr[at]] : [];
            case Wildcard when node is JsonArray arr:
                return arr;
            case Wildcard when node is JsonObject obj:
                return obj.Select(p => p.Value);
            default:
                return [];
        }
    }
}
