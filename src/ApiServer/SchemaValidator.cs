using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dtaas.ApiServer;

/// <summary>What validating one object against a structural schema found.</summary>
internal sealed record SchemaValidationResult(IReadOnlyList<FieldError> Errors, IReadOnlyList<string> UnknownFields);

/// <summary>
/// Validates an object against a CRD's structural openAPIV3Schema the way kube-apiserver does:
/// type, enum, required, pattern, length and range checks with apiserver-worded messages, and
/// pruning of fields the schema does not know (reported so fieldValidation=Strict can refuse them).
/// </summary>
internal static class SchemaValidator
{
    // The root's apiVersion/kind/metadata are the API machinery's, validated elsewhere.
    private static readonly HashSet<string> RootMachineryFields = ["apiVersion", "kind", "metadata"];

    /// <summary>Validates <paramref name="obj"/> and removes unknown fields from it in place.</summary>
    public static SchemaValidationResult ValidateAndPrune(JsonObject obj, JsonObject schema)
    {
        var errors = new List<FieldError>();
        var unknown = new List<string>();
        ValidateObject(obj, schema, "", errors, unknown, isRoot: true);
        return new SchemaValidationResult(errors, unknown);
    }

    private static void Validate(JsonNode? node, JsonObject schema, string path, List<FieldError> errors, List<string> unknown)
    {
        if (node is null)
        {
            if (!(schema["nullable"] is JsonValue n && (bool)n))
            {
                var expected = (string?)schema["type"] ?? "string";
                errors.Add(FieldError.Invalid(path, "\"null\"", $"{path} in body must be of type {expected}: \"null\""));
            }
            return;
        }
        if (schema["x-kubernetes-int-or-string"] is JsonValue ios && (bool)ios)
        {
            var kind = KindOf(node);
            if (kind is not ("integer" or "string"))
            {
                errors.Add(FieldError.Invalid(path, $"\"{kind}\"", $"{path} in body must be of type integer,string: \"{kind}\""));
            }
            return;
        }
        var type = (string?)schema["type"];
        if (type is not null && !HasType(node, type))
        {
            var actual = KindOf(node);
            errors.Add(FieldError.Invalid(path, $"\"{actual}\"", $"{path} in body must be of type {type}: \"{actual}\""));
            return;
        }
        switch (node)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors, unknown, isRoot: false);
                break;
            case JsonArray arr:
                ValidateArray(arr, schema, path, errors, unknown);
                break;
            case JsonValue value:
                ValidateScalar(value, schema, path, errors);
                break;
        }
    }

    private static void ValidateObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors, List<string> unknown, bool isRoot)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var preserve = schema["x-kubernetes-preserve-unknown-fields"] is JsonValue p && (bool)p;
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => (string?)r).OfType<string>())
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add(FieldError.Required(Child(path, name)));
                }
            }
        }
        foreach (var (name, value) in obj.ToList())
        {
            if (isRoot && RootMachineryFields.Contains(name))
            {
                continue;
            }
            var childPath = properties is null && additional is JsonObject ? $"{path}[{name}]" : Child(path, name);
            if (properties?[name] is JsonObject propertySchema)
            {
                Validate(value, propertySchema, childPath, errors, unknown);
            }
            else if (additional is JsonObject additionalSchema)
            {
                Validate(value, additionalSchema, childPath, errors, unknown);
            }
            else if (preserve || (additional is JsonValue a && (bool)a))
            {
                // Kept as sent: the schema explicitly allows anything here.
            }
            else
            {
                unknown.Add(Child(path, name));
                obj.Remove(name);
            }
        }
    }

    private static void ValidateArray(JsonArray arr, JsonObject schema, string path, List<FieldError> errors, List<string> unknown)
    {
        if (schema["minItems"] is JsonValue min && arr.Count < (long)min)
        {
            errors.Add(FieldError.Invalid(path, arr.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {(long)min} items"));
        }
        if (schema["maxItems"] is JsonValue max && arr.Count > (long)max)
        {
            errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {arr.Count}: must have at most {(long)max} items"));
        }
        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                Validate(arr[i], items, $"{path}[{i}]", errors, unknown);
            }
        }
    }

    private static void ValidateScalar(JsonValue value, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add(FieldError.NotSupported(path, Show(value), allowed.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : a?.ToJsonString() ?? "null")));
        }
        if (value.TryGetValue<string>(out var text))
        {
            var length = new StringInfo(text).LengthInTextElements;
            if (schema["minLength"] is JsonValue min && length < (long)min)
            {
                errors.Add(FieldError.Invalid(path, Quote(text), $"{path} in body should be at least {(long)min} chars long"));
            }
            if (schema["maxLength"] is JsonValue max && length > (long)max)
            {
                errors.Add(new FieldError(path, "FieldValueTooLong", $"Too long: may not be more than {(long)max} bytes"));
            }
            if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, (string)pattern!, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add(FieldError.Invalid(path, Quote(text), $"{path} in body should match '{(string)pattern!}'"));
            }
        }
        else if (value.GetValueKind() == JsonValueKind.Number)
        {
            var number = Number(value);
            if (schema["minimum"] is JsonValue min && number < Number(min))
            {
                errors.Add(FieldError.Invalid(path, Show(value), $"{path} in body should be greater than or equal to {min.ToJsonString()}"));
            }
            if (schema["maximum"] is JsonValue max && number > Number(max))
            {
                errors.Add(FieldError.Invalid(path, Show(value), $"{path} in body should be less than or equal to {max.ToJsonString()}"));
            }
        }
    }

    private static bool HasType(JsonNode node, string type) => type switch
    {
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && IsIntegral(v),
        _ => true,
    };

    private static bool IsIntegral(JsonValue v) => v.TryGetValue<long>(out _) || (v.TryGetValue<double>(out var d) && Math.Floor(d) == d);

    private static string KindOf(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsIntegral(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    // Schema values come from YAML as long or double nodes; request values are JSON elements.
    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Show(JsonValue value) => value.TryGetValue<string>(out var s) ? s : value.ToJsonString();

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
