using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Runtime;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>
/// A domain as other members call it over the overlay (key: the domain uid, <c>Guid.ToString()</c>). Every call is
/// authenticated by the federation listener: <see cref="GrainCallContext.CallerNodeId"/> is the member that owns the
/// overlay source address, and the grain passes it on so the domain can check who is speaking.
/// </summary>
public interface IFederationGrain : IGrainWithStringKey
{
    /// <summary>The creator pushes its member list; a member applies it when it is newer than the one it has.</summary>
    Task ApplyMembership(Membership membership, CancellationToken cancellationToken);

    /// <summary>A member leaves (its dtDomain was deleted); only the creator acts on it.</summary>
    Task Leave(CancellationToken cancellationToken);

    /// <summary>A member sends every app it shares with this domain; this node places their replicas.</summary>
    Task SyncApps(AppSet set, CancellationToken cancellationToken);

    /// <summary>A member asks the creator's registry for its pod's place on a dtService network (creating it when new).</summary>
    Task<NetworkAnswer> JoinNetwork(NetworkJoin join, CancellationToken cancellationToken);

    /// <summary>A member's pod leaves a network (its dtService was deleted); the creator's registry takes it off.</summary>
    Task LeaveNetwork(string name, CancellationToken cancellationToken);

    /// <summary>The creator pushes a newer state of a network this node has a pod on.</summary>
    Task ApplyNetwork(ServiceNetwork network, CancellationToken cancellationToken);
}
