using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace Dtaas.Grains.HostBound;

/// <summary>
/// Places a grain on the silo of the node that holds the node's Lease: the one whose host has the overlay interfaces
/// and listeners. The grain's key is that holder's identity, which is its silo's name; the silo supplies the director.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("dtaas.LeaseHolderPlacement")]
public sealed class LeaseHolderPlacement : PlacementStrategy;

/// <summary>Marks a grain class for <see cref="LeaseHolderPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class LeaseHolderPlacementAttribute() : PlacementAttribute(new LeaseHolderPlacement());
