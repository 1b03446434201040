using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Users;

/// <summary>
/// Every user may DISCOVER every other: the node's Ready users and the replicas of the users of the members of shared
/// domains, by principal. Reads the caches only, so any silo may answer.
/// </summary>
[StatelessWorker]
public sealed class UserDirectoryGrain(NodeDescription node, ILocalObjects objects) : Grain, IUserDirectoryGrain
{
    private string Namespace => this.GetPrimaryKeyString();

    public Task<IReadOnlyList<UserEntry>> List(VerifiedPrincipal caller, CancellationToken cancellationToken)
    {
        var users = objects.Users().Where(u => u.Metadata.Namespace == Namespace).ToList();
        var local = users.Where(UserObjects.IsReadyLocal).Select(u => (Username: u.Metadata.Name!, Node: node.Name));
        var replicas = users.Select(UserObjects.ReadReplica).OfType<SharedUser>().Select(r => (r.Username, Node: r.NodeName));
        return Task.FromResult<IReadOnlyList<UserEntry>>([.. local.Concat(replicas)
            .Select(u => Principal.TryParse($"{u.Username}@{u.Node}", out var principal, out _) ? new UserEntry(u.Username, principal, principal.Node) : null)
            .OfType<UserEntry>()
            .OrderBy(u => u.Node, StringComparer.Ordinal).ThenBy(u => u.Username, StringComparer.Ordinal)]);
    }
}
