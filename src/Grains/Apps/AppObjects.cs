using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Apps;

/// <summary>
/// How a dtApp object says what it is. An origin's id is its own uid (32 hex, stable for the object's life); a replica
/// is marked as <see cref="ReplicaMetadata"/> says, its annotation holding its <see cref="AppReplica"/>.
/// </summary>
public static class AppObjects
{
    /// <summary>Holds a replica a user deletes, so the grain can put it back (only the origin may delete an app).</summary>
    public const string ReplicaFinalizer = "sid.sightlineinnovation.com/replica";

    public static bool IsId(string? text) => ObjectIds.IsId(text);

    /// <summary>The id of an origin app: its uid without dashes.</summary>
    public static string? OriginId(DtApp app) => ObjectIds.Of(app.Metadata, current: null);

    public static AppReplica? ReadReplica(DtApp app) => ReplicaMetadata.Read(app.Metadata, GrainsJsonContext.Default.AppReplica);

    public static bool IsReplica(DtApp app) => ReplicaMetadata.IsReplica(app.Metadata);

    /// <summary>An app this node publishes: made by a user here (not a replica), with an id and URI, and not failed.</summary>
    public static bool IsServedOrigin(DtApp app) =>
        !IsReplica(app) && app.Metadata.DeletionTimestamp is null && app.Uri is not null && app.Status != DtAppStatus.Failed;

    /// <summary>
    /// <paramref name="current"/> (or a new object) as the replica should be: DTaaS's fields set, the user's own labels,
    /// annotations and unknown fields kept.
    /// </summary>
    public static DtApp Replica(AppReplica replica, string @namespace, Node.NodeDescription node, DtApp? current, string? message)
    {
        var app = replica.App;
        var metadata = ReplicaMetadata.Mark(current?.Metadata, app.Id, @namespace, JsonSerializer.Serialize(replica, GrainsJsonContext.Default.AppReplica),
            app.OriginNodeName, app.OriginName);
        return (current ?? new DtApp()) with
        {
            Metadata = metadata.WithFinalizer(ReplicaFinalizer, present: true),
            ServiceSelector = null,
            DomainSelector = new DtAppDomainSelector { Name = replica.DomainNames },
            Spec = app.Spec,
            Uri = node.UriOf(app.Id),
            Status = null,
            Message = message,
        };
    }
}
