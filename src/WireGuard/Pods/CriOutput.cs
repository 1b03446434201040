using System.Globalization;
using System.Text.Json;

namespace Dtaas.WireGuard.Pods;

/// <summary>
/// Reads crictl's JSON (<c>-o json</c>, the CRI messages in protobuf's JSON mapping: int64 as strings, enums by name).
/// Unknown fields are ignored, so containerd's and CRI-O's extras do not matter.
/// </summary>
public static class CriOutput
{
    public const string ReadyState = "SANDBOX_READY";

    /// <summary>
    /// The id of the ready sandbox of pod <paramref name="podName"/> in <paramref name="podNamespace"/> from
    /// <c>crictl pods -o json</c>, or null. crictl's <c>--name</c> filter is a pattern, so the name is matched exactly
    /// here; with several ready sandboxes (a moment during a restart) the newest wins.
    /// </summary>
    public static string? ReadySandboxId(string podsJson, string podName, string podNamespace)
    {
        using var document = JsonDocument.Parse(podsJson);
        if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        return items.EnumerateArray()
            .Where(item => String(item, "state") == ReadyState
                && item.TryGetProperty("metadata", out var metadata)
                && String(metadata, "name") == podName
                && String(metadata, "namespace") == podNamespace
                && String(item, "id") is { Length: > 0 })
            .OrderByDescending(item => Int64(item, "createdAt") ?? 0)
            .Select(item => String(item, "id"))
            .FirstOrDefault();
    }

    /// <summary>The sandbox's network facts from <c>crictl inspectp -o json</c>.</summary>
    public static CriSandbox Sandbox(string inspectJson)
    {
        using var document = JsonDocument.Parse(inspectJson);
        var root = document.RootElement;
        var status = root.TryGetProperty("status", out var s) ? s : default;
        var id = status.ValueKind == JsonValueKind.Object ? String(status, "id") ?? "" : "";
        var networkMode = Path(status, "linux", "namespaces", "options") is { } options ? String(options, "network") : null;
        int? pid = null;
        string? netnsPath = null;
        if (root.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object)
        {
            pid = Int64(info, "pid") is { } p and > 0 and <= int.MaxValue ? (int)p : null;
            if (Path(info, "runtimeSpec", "linux") is { } linux && linux.TryGetProperty("namespaces", out var namespaces)
                && namespaces.ValueKind == JsonValueKind.Array)
            {
                netnsPath = namespaces.EnumerateArray()
                    .Where(ns => String(ns, "type") == "network")
                    .Select(ns => String(ns, "path"))
                    .FirstOrDefault(path => !string.IsNullOrEmpty(path));
            }
        }
        return new CriSandbox(id, pid, netnsPath, HostNetwork: networkMode == "NODE");
    }

    private static JsonElement? Path(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.Object ? element : null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>An integer written as a number or, the protobuf JSON way for int64, as a string.</summary>
    private static long? Int64(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }
}
