using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>How to treat fields the schema does not know (the fieldValidation query parameter).</summary>
internal enum FieldValidation { Ignore, Warn, Strict }

/// <summary>
/// Validation and defaulting applied to every object before it is stored: names and metadata for
/// all kinds, the CRD schema for the dt kinds (one source of truth: k8s/crds), and the few
/// defaults core kinds get from a real API server.
/// </summary>
internal static class ObjectAdmission
{
    /// <summary>Validates and normalizes <paramref name="obj"/> in place; returns warnings (unknown fields under Warn).</summary>
    /// <exception cref="ApiException">422 Invalid naming the fields, or 400 for unknown fields under Strict.</exception>
    public static IReadOnlyList<string> Admit(ResourceType type, JsonObject obj, FieldValidation mode)
    {
        var name = (string?)obj["metadata"]?["name"] ?? "";
        var errors = new List<FieldError>();
        ValidateMetadata(type, obj, errors);
        var warnings = new List<string>();
        if (type.Schema is { } schema)
        {
            var result = SchemaValidator.ValidateAndPrune(obj, schema);
            errors.AddRange(result.Errors);
            if (result.UnknownFields.Count > 0)
            {
                if (mode == FieldValidation.Strict && errors.Count == 0)
                {
                    var list = string.Join(", ", result.UnknownFields.Select(f => $"unknown field \"{f}\""));
                    throw StatusErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {list}");
                }
                if (mode == FieldValidation.Warn)
                {
                    warnings.AddRange(result.UnknownFields.Select(f => $"unknown field \"{f}\""));
                }
            }
        }
        else
        {
            ApplyCoreDefaults(type, obj, errors);
        }
        if (errors.Count > 0)
        {
            throw StatusErrors.Invalid(type, name, errors);
        }
        return warnings;
    }

    private static void ValidateMetadata(ResourceType type, JsonObject obj, List<FieldError> errors)
    {
        var metadata = obj["metadata"] as JsonObject;
        var name = (string?)metadata?["name"];
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required("metadata.name"));
        }
        else if (NameValidation.Check(type, name) is { } why)
        {
            errors.Add(FieldError.Invalid("metadata.name", $"\"{name}\"", why));
        }
        foreach (var field in new[] { "labels", "annotations" })
        {
            switch (metadata?[field])
            {
                case null:
                    break;
                case JsonObject map:
                    foreach (var (key, value) in map)
                    {
                        if (!(value is JsonValue v && v.GetValueKind() == JsonValueKind.String))
                        {
                            errors.Add(FieldError.Invalid($"metadata.{field}", $"\"{key}\"", "values must be strings"));
                        }
                    }
                    break;
                default:
                    errors.Add(FieldError.Invalid($"metadata.{field}", "\"" + metadata[field]!.GetValueKind() + "\"", "must be a map of strings"));
                    break;
            }
        }
        if (metadata?["finalizers"] is { } finalizers && !(finalizers is JsonArray arr && arr.All(f => f is JsonValue fv && fv.GetValueKind() == JsonValueKind.String)))
        {
            errors.Add(FieldError.Invalid("metadata.finalizers", "\"" + finalizers.GetValueKind() + "\"", "must be a list of strings"));
        }
    }

    // The defaults kubectl and DTaaS read back from a real cluster for the core kinds.
    private static void ApplyCoreDefaults(ResourceType type, JsonObject obj, List<FieldError> errors)
    {
        switch (type.Plural)
        {
            case "namespaces":
                obj["status"] ??= new JsonObject();
                obj["status"]!["phase"] ??= "Active";
                break;
            case "services" when obj["spec"] is JsonObject spec:
                spec["type"] ??= "ClusterIP";
                spec["sessionAffinity"] ??= "None";
                if (spec["ports"] is JsonArray ports)
                {
                    for (var i = 0; i < ports.Count; i++)
                    {
                        if (ports[i] is not JsonObject port)
                        {
                            continue;
                        }
                        if (port["port"] is not JsonValue p || p.GetValueKind() != JsonValueKind.Number)
                        {
                            errors.Add(FieldError.Required($"spec.ports[{i}].port"));
                            continue;
                        }
                        port["protocol"] ??= "TCP";
                        port["targetPort"] ??= p.DeepClone();
                    }
                }
                break;
            case "secrets":
                obj["type"] ??= "Opaque";
                if (obj["stringData"] is JsonObject stringData)
                {
                    // Like the API server: stringData is write-only and lands base64-encoded in data.
                    if (obj["data"] is not JsonObject data)
                    {
                        data = new JsonObject();
                        obj["data"] = data;
                    }
                    foreach (var (key, value) in stringData)
                    {
                        data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes((string?)value ?? ""));
                    }
                    obj.Remove("stringData");
                }
                DataMapValidation.ValidateSecret(obj, errors);
                break;
            case "configmaps":
                DataMapValidation.ValidateConfigMap(obj, errors);
                break;
        }
    }
}
