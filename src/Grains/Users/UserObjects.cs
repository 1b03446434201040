using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Users;

/// <summary>
/// How a dtUser object says what it is: a local user (named by its username, with a spec) or a replica of another
/// node's user (named by its id, marked as <see cref="ReplicaMetadata"/> says, its annotation holding the
/// <see cref="SharedUser"/>). A replica is never reconciled, listed as local or logged in, whatever is edited into it.
/// </summary>
public static class UserObjects
{
    public static bool IsReplica(DtUser user) => ReplicaMetadata.IsReplica(user.Metadata);

    public static SharedUser? ReadReplica(DtUser user) => ReplicaMetadata.Read(user.Metadata, GrainsJsonContext.Default.SharedUser);

    /// <summary>A user of this node that may log in and is shared: not a replica, not being deleted, Ready with an id.</summary>
    public static bool IsReadyLocal(DtUser user) =>
        !IsReplica(user) && user.Spec is not null && user.Metadata.DeletionTimestamp is null && user.Status == DtUserStatus.Ready && ObjectIds.IsId(user.Id);

    /// <summary><paramref name="current"/> (or a new object) as the replica of <paramref name="shared"/> should be, the user's own labels and annotations kept.</summary>
    public static DtUser Replica(SharedUser shared, string @namespace, DtUser? current, string? message) =>
        (current ?? new DtUser()) with
        {
            Metadata = ReplicaMetadata.Mark(current?.Metadata, shared.Id, @namespace, JsonSerializer.Serialize(shared, GrainsJsonContext.Default.SharedUser),
                shared.NodeName, shared.Username),
            Spec = null,
            Id = shared.Id,
            Username = shared.Username,
            Node = shared.NodeName,
            NodeId = shared.NodeId,
            Status = null,
            Message = message,
        };

    /// <summary>Whether <paramref name="user"/> is already the replica of <paramref name="shared"/> (the catalog's word and the fields shown).</summary>
    public static bool Holds(DtUser user, SharedUser shared) =>
        ReadReplica(user) == shared && user.Spec is null && user.Id == shared.Id && user.Username == shared.Username && user.Node == shared.NodeName
        && user.NodeId == shared.NodeId && user.Status is null;
}
