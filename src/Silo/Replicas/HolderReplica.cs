using System.Net;
using Dtaas.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Dtaas.Silo.Replicas;

/// <summary>
/// Where this node's Lease holder takes forwarded requests, as this replica sees it now: whether it is the holder
/// itself, and else the holder's replica listener (<paramref name="listenerOf"/>: a silo name to its address, null
/// while unknown).
/// </summary>
public sealed class HolderReplica(string self, LeaseHolder holder, Func<string, IPEndPoint?> listenerOf)
{
    /// <summary>Whether this replica holds the Lease (as far as it knows: it serves what only the holder can).</summary>
    public bool IsHolder => holder.Identity == self;

    /// <summary>The holder's identity (null before any replica held the Lease).</summary>
    public string? Identity => holder.Identity;

    /// <summary>The holder's replica listener, or null (no holder known, or it is no active silo yet).</summary>
    public IPEndPoint? Listener => holder.Identity is { } identity ? listenerOf(identity) : null;

    /// <summary>This replica's view in a clustered node: the holder's silo, found by name, and its published port.</summary>
    public static HolderReplica Of(NodeClustering clustering, IServiceProvider services)
    {
        var membership = services.GetRequiredService<IClusterMembershipService>();
        var metadata = services.GetRequiredService<ISiloMetadataCache>();
        return new HolderReplica(clustering.SiloName, clustering.Holder, name => ReplicaListenerAddress.Find(membership, metadata, name));
    }
}
