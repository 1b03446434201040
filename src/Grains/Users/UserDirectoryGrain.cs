using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Users;

/// <summary>Every user may DISCOVER every other: the node's Ready users (not replicas), by name. Reads the caches only, so any silo may answer.</summary>
[StatelessWorker]
public sealed class UserDirectoryGrain(NodeDescription node, ILocalObjects objects) : Grain, IUserDirectoryGrain
{
    private string Namespace => this.GetPrimaryKeyString();

    public Task<IReadOnlyList<UserEntry>> List(VerifiedPrincipal caller, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UserEntry>>([.. objects.Users()
            .Where(u => u.Metadata.Namespace == Namespace && u.Spec is not null && u.Status == DtUserStatus.Ready)
            .OrderBy(u => u.Metadata.Name, StringComparer.Ordinal)
            .Select(u => new UserEntry(u.Metadata.Name!, Principal.Of(u.Metadata.Name!, node.Name), node.Name))]);
}
