using System.Text.Json.Nodes;

namespace Dtaas.Kubernetes.Access;

/// <summary>A PATCH body and the content type that says how the server applies it.</summary>
public sealed record KubernetesPatch(string ContentType, string Body)
{
    public const string MergePatchContentType = "application/merge-patch+json";
    public const string JsonPatchContentType = "application/json-patch+json";
    public const string StrategicMergePatchContentType = "application/strategic-merge-patch+json";

    /// <summary>RFC 7386 merge patch: objects merge, a null removes a field, arrays are replaced whole.</summary>
    public static KubernetesPatch Merge(JsonNode patch) => new(MergePatchContentType, patch.ToJsonString());

    /// <summary>RFC 6902 JSON patch: a list of operations, e.g. <c>[{"op":"test",...},{"op":"replace",...}]</c>.</summary>
    public static KubernetesPatch Json(JsonArray operations) => new(JsonPatchContentType, operations.ToJsonString());

    /// <summary>Strategic merge patch; core kinds only (custom resources accept merge and JSON patch).</summary>
    public static KubernetesPatch StrategicMerge(JsonNode patch) => new(StrategicMergePatchContentType, patch.ToJsonString());
}
