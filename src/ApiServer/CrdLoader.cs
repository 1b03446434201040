using System.Reflection;
using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>Reads the CustomResourceDefinitions embedded from k8s/crds (the one source of truth for the dt kinds).</summary>
internal static class CrdLoader
{
    public static IReadOnlyList<ResourceType> LoadEmbedded()
    {
        var assembly = typeof(CrdLoader).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("crds/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException("No CustomResourceDefinitions are embedded (expected resources named crds/*.yaml).");
        }
        return names.SelectMany(n => FromYaml(Read(assembly, n))).ToList();
    }

    public static IEnumerable<ResourceType> FromYaml(string yaml)
    {
        foreach (var doc in YamlJson.ParseDocuments(yaml))
        {
            if (doc is JsonObject crd && (string?)crd["kind"] == "CustomResourceDefinition")
            {
                foreach (var type in FromCrd(crd))
                {
                    yield return type;
                }
            }
        }
    }

    private static IEnumerable<ResourceType> FromCrd(JsonObject crd)
    {
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var shortNames = names["shortNames"] is JsonArray sn ? sn.Select(s => (string)s!).ToList() : [];
        var categories = names["categories"] is JsonArray cs ? cs.Select(c => (string)c!).ToList() : [];
        foreach (var version in spec["versions"]!.AsArray().OfType<JsonObject>())
        {
            if (version["served"] is JsonValue served && !(bool)served)
            {
                continue;
            }
            var schema = version["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject() ?? new JsonObject { ["type"] = "object" };
            var columns = version["additionalPrinterColumns"] is JsonArray cols
                ? cols.OfType<JsonObject>().Select(c => new PrinterColumn(
                    (string)c["name"]!, (string?)c["type"] ?? "string", (string)c["jsonPath"]!,
                    (int)((long?)c["priority"] ?? 0), (string?)c["description"] ?? "", (string?)c["format"] ?? "")).ToList()
                : [new PrinterColumn("Age", "date", ".metadata.creationTimestamp")];
            yield return new ResourceType(
                (string)spec["group"]!, (string)version["name"]!, (string)names["kind"]!, (string)names["plural"]!,
                (string?)names["singular"] ?? ((string)names["kind"]!).ToLowerInvariant(), shortNames,
                (string?)spec["scope"] != "Cluster", schema, columns, categories);
        }
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
