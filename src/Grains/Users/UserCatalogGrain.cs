using Dtaas.Grains.Domains;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Users;

/// <summary>
/// The user directory across the node's domains (key: the namespace). Outgoing: the set of this node's Ready users
/// goes to every other member of every shared domain (once per member), again whenever it or the member lists change,
/// retried until taken. Incoming: a member's set makes the replicas of that member's users exactly that set (and puts
/// back one deleted by hand, while this activation remembers the set); the replicas of a node that is no longer a
/// member of any domain shared with this node go, and its set is forgotten, so rejoining restores nothing by itself.
/// </summary>
public sealed class UserCatalogGrain(
    NodeDescription node,
    FederationSettings settings,
    ILocalObjects objects,
    IFederationClient federation,
    ILogger<UserCatalogGrain> logger) : Grain, IUserCatalogGrain
{
    private CatalogPusher<UserSet>? _pusher;
    private readonly Dictionary<string, IReadOnlyList<SharedUser>> _received = new(StringComparer.Ordinal); // by node id, as placed

    private string Namespace => this.GetPrimaryKeyString();

    private CatalogPusher<UserSet> Pusher => _pusher ??= new(this,
        (target, set, ct) => federation.SyncUsersAsync(target.Node, target.Domain, set, ct),
        (a, b) => a.SameAs(b),
        (target, set) => $"Users of {Namespace}: member {target.Node}'s set of {set.Users.Count} user(s) through domain {target.Domain}",
        settings.PushRetryInterval, logger);

    public async Task Refresh(CancellationToken cancellationToken)
    {
        await objects.SyncedAsync(cancellationToken);
        var domains = SharingDomain.Of(objects.Domains(), objects.Peers(), node.Id);
        var users = Users();
        var set = new UserSet([.. users.Where(UserObjects.IsReadyLocal)
            .Select(u => new SharedUser(u.Id!, u.Metadata.Name!, node.Id, node.Name))
            .OrderBy(u => u.Id, StringComparer.Ordinal)]);
        // Users belong to the node, not to a domain: each member gets the set once, through the first domain shared with it.
        Pusher.Want(SharingDomain.Peers(domains, node.Id).ToDictionary(peer => (peer.Domain, peer.NodeId), _ => set));

        var origins = Replicas(users).Select(r => r.Replica.NodeId).Concat(_received.Keys).Distinct(StringComparer.Ordinal).ToList();
        foreach (var origin in origins)
        {
            if (domains.Any(d => d.MemberList.Find(origin) is not null))
            {
                await PlaceAsync(origin, _received.GetValueOrDefault(origin), users, cancellationToken);
            }
            else
            {
                logger.LogInformation("Users of {Namespace}: node {NodeId} shares no domain with this node any more; its users' replicas go", Namespace, origin);
                _received.Remove(origin);
                await PlaceAsync(origin, [], users, cancellationToken);
            }
        }
    }

    public async Task ApplyUsers(UserSet set, string fromNodeId, CancellationToken cancellationToken)
    {
        await objects.SyncedAsync(cancellationToken);
        // The member list names the member, not the member itself; the first shared domain that has it will do.
        var origin = SharingDomain.Of(objects.Domains(), objects.Peers(), node.Id).Select(d => d.MemberList.Find(fromNodeId)).OfType<DomainMember>().FirstOrDefault()
            ?? throw new UnauthorizedAccessException($"node {fromNodeId} is not a member of a domain shared with node {node.Name}");
        if (set.Users.FirstOrDefault(u => u.NodeId != fromNodeId) is { } forged)
        {
            throw new UnauthorizedAccessException($"node {fromNodeId} speaks only for its own users, not for user {forged.Id} of node {forged.NodeId}");
        }
        if (set.Users.FirstOrDefault(u => !ObjectIds.IsId(u.Id) || !Principal.TryParse($"{u.Username}@{origin.Name}", out _, out _)) is { } invalid)
        {
            throw new ArgumentException($"user {invalid.Id} ({invalid.Username}) of node {fromNodeId} has no valid id or username");
        }
        var offered = _received[fromNodeId] = [.. set.Users.Select(u => u with { NodeName = origin.Name })];
        await PlaceAsync(fromNodeId, offered, Users(), cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pusher?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Makes the replicas of <paramref name="origin"/>'s users exactly <paramref name="wanted"/>; null (no set received
    /// by this activation) keeps the ones there are.
    /// </summary>
    private async Task PlaceAsync(string origin, IReadOnlyList<SharedUser>? wanted, List<DtUser> users, CancellationToken cancellationToken)
    {
        if (wanted is null)
        {
            return;
        }
        var held = Replicas(users).Where(r => r.Replica.NodeId == origin).ToDictionary(r => r.Name, r => r.Replica, StringComparer.Ordinal);
        var offered = wanted.ToDictionary(u => u.Id, StringComparer.Ordinal);
        foreach (var gone in held.Keys.Except(offered.Keys))
        {
            await Grain(gone).Replicate(null, cancellationToken);
        }
        foreach (var (id, user) in offered.Where(o => held.GetValueOrDefault(o.Key) != o.Value))
        {
            if (!held.ContainsKey(id) && users.Any(u => u.Metadata.Name == id && !UserObjects.IsReplica(u)))
            {
                logger.LogWarning("dtUser {Namespace}/{Name}: not placed as the replica of {Username}@{Node}: a dtUser of that name exists here already",
                    Namespace, id, user.Username, user.NodeName);
                continue;
            }
            await Grain(id).Replicate(user, cancellationToken);
        }
    }

    private List<DtUser> Users() => [.. objects.Users().Where(u => u.Metadata.Namespace == Namespace)];

    private static IEnumerable<(string Name, SharedUser Replica)> Replicas(IEnumerable<DtUser> users) =>
        users.Select(u => (Name: u.Metadata.Name!, Replica: UserObjects.ReadReplica(u)))
            .Where(r => r.Replica is not null)
            .Select(r => (r.Name, r.Replica!));

    private IDtUserGrain Grain(string name) => GrainFactory.GetGrain<IDtUserGrain>(new ObjectKey(Namespace, name).ToString());
}
