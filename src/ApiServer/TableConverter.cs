using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>
/// Renders objects as a meta.k8s.io/v1 Table from the kind's printer columns, so `kubectl get`
/// shows the CRD's additionalPrinterColumns exactly as a real API server would.
/// </summary>
internal sealed class TableConverter(TimeProvider time)
{
    private static readonly TableColumnDefinition NameColumn = new("Name", "string", "name",
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.", 0);

    public Table Convert(ResourceType type, IEnumerable<JsonObject> objects, string? resourceVersion)
    {
        var columns = type.Columns.Select(c => (Column: c, Paths: (c.CountedPaths ?? [c.JsonPath]).Select(SimpleJsonPath.Parse).ToList())).ToList();
        var definitions = new List<TableColumnDefinition> { NameColumn };
        definitions.AddRange(type.Columns.Select(c => new TableColumnDefinition(c.Name, c.Type == "date" ? "string" : c.Type, c.Format, c.Description, c.Priority)));
        var now = time.GetUtcNow();
        var rows = objects.Select(obj =>
        {
            var cells = new List<JsonNode?> { JsonValue.Create((string?)obj["metadata"]?["name"] ?? "") };
            cells.AddRange(columns.Select(c => c.Column.CountedPaths is null
                ? Cell(c.Column, c.Paths[0].Evaluate(obj), now)
                : JsonValue.Create(c.Paths.SelectMany(p => p.Evaluate(obj)).Sum(m => m is JsonObject map ? map.Count : 0))));
            return new TableRow(cells, obj);
        }).ToList();
        return new Table(new ListMeta(resourceVersion), definitions, rows);
    }

    private static JsonNode? Cell(PrinterColumn column, IReadOnlyList<JsonNode?> results, DateTimeOffset now)
    {
        if (results.Count == 0)
        {
            return null;
        }
        if (results.Count > 1)
        {
            return JsonValue.Create(string.Join(",", results.Select(Text)));
        }
        var value = results[0];
        switch (column.Type)
        {
            case "date":
                return DateTimeOffset.TryParse(Text(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? JsonValue.Create(HumanDuration.Format(now - at))
                    : JsonValue.Create("<invalid>");
            case "integer" or "number" or "boolean" when value is JsonValue v && v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return v.DeepClone();
            default:
                return value is JsonArray arr ? JsonValue.Create(string.Join(",", arr.Select(Text))) : JsonValue.Create(Text(value));
        }
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
