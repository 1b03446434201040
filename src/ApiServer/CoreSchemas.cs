using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>
/// OpenAPI schemas of the built-in kinds whose fields are only maps and scalars (ConfigMap, Secret), for `kubectl explain`;
/// descriptions from the published API. Kinds with merge-keyed lists (Service ports, ...) have none here: kubectl then
/// takes their strategic-merge metadata from its own compiled types, which a schema without those keys would override.
/// </summary>
internal static class CoreSchemas
{
    private const string Immutable = "Immutable, if set to true, ensures that data stored in the {0} cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.";

    public static JsonObject? Find(ResourceType type) => (type.Group, type.Kind) switch
    {
        ("", "ConfigMap") => Schema("ConfigMap holds configuration data for pods to consume.", new JsonObject
        {
            ["data"] = Map("string", "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
            ["binaryData"] = Map("byte", "BinaryData contains the binary data. Each key must consist of alphanumeric characters, '-', '_' or '.'. BinaryData can contain byte sequences that are not in the UTF-8 range. The keys stored in BinaryData must not overlap with the ones in the Data field, this is enforced during validation process."),
            ["immutable"] = new JsonObject { ["type"] = "boolean", ["description"] = string.Format(Immutable, "ConfigMap") },
        }),
        ("", "Secret") => Schema("Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.", new JsonObject
        {
            ["data"] = Map("byte", "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
            ["stringData"] = Map("string", "stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values. The stringData field is never output when reading from the API."),
            ["type"] = new JsonObject { ["type"] = "string", ["description"] = "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types" },
            ["immutable"] = new JsonObject { ["type"] = "boolean", ["description"] = string.Format(Immutable, "Secret") },
        }),
        _ => null,
    };

    private static JsonObject Schema(string description, JsonObject properties)
    {
        properties["apiVersion"] = new JsonObject { ["type"] = "string", ["description"] = "APIVersion defines the versioned schema of this representation of an object." };
        properties["kind"] = new JsonObject { ["type"] = "string", ["description"] = "Kind is a string value representing the REST resource this object represents." };
        properties["metadata"] = new JsonObject { ["type"] = "object", ["description"] = "Standard object's metadata." };
        return new JsonObject { ["type"] = "object", ["description"] = description, ["properties"] = properties };
    }

    private static JsonObject Map(string format, string description) => new()
    {
        ["type"] = "object",
        ["description"] = description,
        ["additionalProperties"] = format == "byte"
            ? new JsonObject { ["type"] = "string", ["format"] = "byte" }
            : new JsonObject { ["type"] = "string" },
    };
}
