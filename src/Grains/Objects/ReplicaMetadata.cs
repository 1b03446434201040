using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Objects;

/// <summary>
/// How a replica of another node's object (a dtApp, a dtUser) says so: an annotation carrying what it replicates (the
/// CRDs keep the seed's fields, so nothing else can hold it) and labels naming its origin for selectors and
/// <c>kubectl get -l</c>. The user's own labels and annotations are kept.
/// </summary>
public static partial class ReplicaMetadata
{
    /// <summary>What the replica replicates, as JSON.</summary>
    public const string ReplicaAnnotation = "sid.sightlineinnovation.com/replica-of";

    public const string OriginNodeLabel = "sid.sightlineinnovation.com/origin-node";
    public const string OriginNameLabel = "sid.sightlineinnovation.com/origin-name";

    public static bool IsReplica(ObjectMeta metadata) => metadata.Annotations?.ContainsKey(ReplicaAnnotation) == true;

    /// <summary>What the replica replicates; null on an object that is none, or whose annotation was edited into something else.</summary>
    public static T? Read<T>(ObjectMeta metadata, JsonTypeInfo<T> type) where T : class => JsonAnnotation.Read(metadata, ReplicaAnnotation, type);

    /// <summary><paramref name="current"/> (or new metadata named <paramref name="name"/>) marked as a replica of <paramref name="replicaJson"/>.</summary>
    public static ObjectMeta Mark(ObjectMeta? current, string name, string @namespace, string replicaJson, string originNode, string originName)
    {
        var labels = new Dictionary<string, string>(current?.Labels ?? new Dictionary<string, string>());
        SetLabel(labels, OriginNodeLabel, originNode);
        SetLabel(labels, OriginNameLabel, originName);
        var annotations = new Dictionary<string, string>(current?.Annotations ?? new Dictionary<string, string>())
        {
            [ReplicaAnnotation] = replicaJson,
        };
        return (current ?? new ObjectMeta { Name = name, Namespace = @namespace }) with { Labels = labels, Annotations = annotations };
    }

    // A label value is at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends; a name that is not one
    // (dtApp names may be 253 long) is only in the annotation.
    private static void SetLabel(Dictionary<string, string> labels, string key, string value)
    {
        if (LabelValuePattern().IsMatch(value))
        {
            labels[key] = value;
        }
        else
        {
            labels.Remove(key);
        }
    }

    [GeneratedRegex("^(?=.{1,63}$)[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValuePattern();
}
