using System.Text.Json;
using System.Text.RegularExpressions;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Apps;

/// <summary>
/// How a dtApp object says what it is. An origin's id is its own uid (32 hex, stable for the object's life); a replica
/// carries what it replicates in an annotation (the CRD keeps the seed's fields, so nothing else can hold it) and
/// labels naming its origin for selectors and <c>kubectl get -l</c>.
/// </summary>
public static partial class AppObjects
{
    /// <summary>The replica's <see cref="AppReplica"/> (JSON): the origin's content and the domains it came through.</summary>
    public const string ReplicaAnnotation = "sid.sightlineinnovation.com/replica-of";

    public const string OriginNodeLabel = "sid.sightlineinnovation.com/origin-node";
    public const string OriginNameLabel = "sid.sightlineinnovation.com/origin-name";

    /// <summary>Holds a replica a user deletes, so the grain can put it back (only the origin may delete an app).</summary>
    public const string ReplicaFinalizer = "sid.sightlineinnovation.com/replica";

    public static bool IsId(string? text) => ObjectIds.IsId(text);

    /// <summary>The id of an origin app: its uid without dashes.</summary>
    public static string? OriginId(DtApp app) => ObjectIds.Of(app.Metadata, current: null);

    public static string UriOf(string id, string nodeName) => $"http://{id}.{nodeName}";

    public static AppReplica? ReadReplica(DtApp app)
    {
        if (app.Metadata.Annotations?.TryGetValue(ReplicaAnnotation, out var json) != true)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(json!, GrainsJsonContext.Default.AppReplica);
        }
        catch (JsonException)
        {
            return null; // edited by hand into something else: the next set from the origin places it again
        }
    }

    public static bool IsReplica(DtApp app) => app.Metadata.Annotations?.ContainsKey(ReplicaAnnotation) == true;

    /// <summary>An app this node publishes: made by a user here (not a replica), with an id and URI, and not failed.</summary>
    public static bool IsServedOrigin(DtApp app) =>
        !IsReplica(app) && app.Metadata.DeletionTimestamp is null && app.Uri is not null && app.Status != DtAppStatus.Failed;

    /// <summary>
    /// <paramref name="current"/> (or a new object) as the replica should be: DTaaS's fields set, the user's own labels,
    /// annotations and unknown fields kept.
    /// </summary>
    public static DtApp Replica(AppReplica replica, string @namespace, string nodeName, DtApp? current, string? message)
    {
        var app = replica.App;
        var labels = new Dictionary<string, string>(current?.Metadata.Labels ?? new Dictionary<string, string>());
        SetLabel(labels, OriginNodeLabel, app.OriginNodeName);
        SetLabel(labels, OriginNameLabel, app.OriginName);
        var annotations = new Dictionary<string, string>(current?.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            [ReplicaAnnotation] = JsonSerializer.Serialize(replica, GrainsJsonContext.Default.AppReplica),
        };
        var metadata = (current?.Metadata ?? new ObjectMeta { Name = app.Id, Namespace = @namespace }) with
        {
            Labels = labels,
            Annotations = annotations,
        };
        return (current ?? new DtApp()) with
        {
            Metadata = metadata.WithFinalizer(ReplicaFinalizer, present: true),
            ServiceSelector = null,
            DomainSelector = new DtAppDomainSelector { Name = replica.DomainNames },
            Spec = app.Spec,
            Uri = UriOf(app.Id, nodeName),
            Status = null,
            Message = message,
        };
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
