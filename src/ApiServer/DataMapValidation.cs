using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dtaas.ApiServer;

/// <summary>
/// Validation of Secret and ConfigMap data as Kubernetes does it: every key a valid config key (IsConfigMapKey),
/// Secret values base64, ConfigMap keys not in both data and binaryData, at most 1 MiB in all, and on update
/// nothing but metadata changes once `immutable` is set (a Secret's type never changes).
/// </summary>
internal static partial class DataMapValidation
{
    public const int MaxTotalBytes = 1024 * 1024;

    public static void ValidateSecret(JsonObject secret, List<FieldError> errors)
    {
        long total = 0;
        foreach (var (key, value) in Map(secret, "data", errors))
        {
            CheckKey("data", key, errors);
            var bytes = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Base64((string)v!) : null;
            if (bytes is null)
            {
                errors.Add(FieldError.Invalid($"data[{key}]", "\"<value omitted>\"", "must be a base64-encoded string"));
                continue;
            }
            total += bytes.Length;
        }
        CheckTotal(total, errors);
    }

    public static void ValidateConfigMap(JsonObject configMap, List<FieldError> errors)
    {
        long total = 0;
        var data = Map(configMap, "data", errors);
        foreach (var (key, value) in data)
        {
            CheckKey("data", key, errors);
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                total += Encoding.UTF8.GetByteCount((string)v!);
            }
            else
            {
                errors.Add(FieldError.Invalid($"data[{key}]", "\"<value omitted>\"", "must be a string"));
            }
        }
        foreach (var (key, value) in Map(configMap, "binaryData", errors))
        {
            CheckKey("binaryData", key, errors);
            if (data.Any(d => d.Key == key))
            {
                errors.Add(FieldError.Invalid($"data[{key}]", $"\"{key}\"", "duplicate of key present in binaryData"));
            }
            var bytes = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Base64((string)v!) : null;
            if (bytes is null)
            {
                errors.Add(FieldError.Invalid($"binaryData[{key}]", "\"<value omitted>\"", "must be a base64-encoded string"));
                continue;
            }
            total += bytes.Length;
        }
        CheckTotal(total, errors);
    }

    public static void ValidateUpdate(ResourceType type, JsonObject current, JsonObject updated, List<FieldError> errors)
    {
        if (type is not { Group: "", Plural: "secrets" or "configmaps" })
        {
            return;
        }
        if (type.Plural == "secrets" && (string?)current["type"] is { } oldType && (string?)updated["type"] != oldType)
        {
            errors.Add(FieldError.Invalid("type", $"\"{(string?)updated["type"]}\"", "field is immutable"));
        }
        if (current["immutable"] is not JsonValue flag || flag.GetValueKind() != JsonValueKind.True)
        {
            return;
        }
        const string why = "field is immutable when `immutable` is set";
        if (updated["immutable"] is not JsonValue now || now.GetValueKind() != JsonValueKind.True)
        {
            errors.Add(FieldError.Forbidden("immutable", why));
        }
        foreach (var field in type.Plural == "secrets" ? new[] { "data" } : ["data", "binaryData"])
        {
            if (!JsonNode.DeepEquals(current[field], updated[field]))
            {
                errors.Add(FieldError.Forbidden(field, why));
            }
        }
    }

    /// <returns>null when <paramref name="key"/> is a valid key, else why not (apimachinery's IsConfigMapKey wording).</returns>
    public static string? CheckKey(string key)
    {
        if (key.Length > 253)
        {
            return "must be no more than 253 characters";
        }
        if (!KeyPattern().IsMatch(key))
        {
            return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
        }
        return key switch
        {
            "." => "must not be '.'",
            ".." => "must not be '..'",
            _ when key.StartsWith("..", StringComparison.Ordinal) => "must not start with '..'",
            _ => null,
        };
    }

    private static void CheckKey(string field, string key, List<FieldError> errors)
    {
        if (CheckKey(key) is { } why)
        {
            errors.Add(FieldError.Invalid($"{field}[{key}]", $"\"{key}\"", why));
        }
    }

    private static void CheckTotal(long total, List<FieldError> errors)
    {
        if (total > MaxTotalBytes)
        {
            errors.Add(new FieldError("data", "FieldValueTooLong", $"Too long: must have at most {MaxTotalBytes} bytes"));
        }
    }

    private static IReadOnlyList<KeyValuePair<string, JsonNode?>> Map(JsonObject obj, string field, List<FieldError> errors)
    {
        switch (obj[field])
        {
            case null:
                return [];
            case JsonObject map:
                return map.ToList();
            default:
                errors.Add(FieldError.Invalid(field, "\"" + obj[field]!.GetValueKind() + "\"", "must be a map of strings"));
                return [];
        }
    }

    private static byte[]? Base64(string text)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex KeyPattern();
}
