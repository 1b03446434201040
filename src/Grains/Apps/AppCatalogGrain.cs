using System.Text.Json;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Federation;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Apps;

/// <summary>
/// The node's apps across its domains (key: the namespace). Outgoing: for each domain, the set of local apps shared
/// with it goes to every other member, again whenever it or the member list changes (a node that joins later gets it
/// then). Incoming: a member's set makes the replicas from that member in that domain exactly that set; a replica
/// whose origin left the domain, or whose domain this node left, loses that path and goes when it has none.
/// Everything is derived from the objects themselves, so a restarted node carries on where it was.
/// </summary>
public sealed class AppCatalogGrain(
    NodeDescription node,
    FederationSettings settings,
    ILocalObjects objects,
    IFederationClient federation,
    ILogger<AppCatalogGrain> logger) : Grain, IAppCatalogGrain
{
    private CatalogPusher<AppSet>? _pusher;

    private string Namespace => this.GetPrimaryKeyString();

    private CatalogPusher<AppSet> Pusher => _pusher ??= new(this,
        (target, set, ct) => federation.SyncAppsAsync(target.Node, target.Domain, set, ct),
        (a, b) => a.SameAs(b),
        (target, set) => $"Apps of domain {target.Domain}: member {target.Node}'s set of {set.Apps.Count} app(s)",
        settings.PushRetryInterval, logger);

    public async Task Refresh(CancellationToken cancellationToken)
    {
        await objects.SyncedAsync(cancellationToken);
        var domains = SharingDomain.Of(objects.Domains(), objects.Peers(), node.Id);
        var apps = objects.Apps();
        var published = apps.Where(AppObjects.IsServedOrigin).Select(Share).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
        var sets = new Dictionary<(Guid, string), AppSet>();
        foreach (var domain in domains)
        {
            var set = new AppSet(domain.Uid, [.. published.Where(a => a.Domains.Contains(domain.Name))]);
            foreach (var peer in domain.PeersOf(node.Id))
            {
                sets[(peer.Domain, peer.NodeId)] = set;
            }
        }
        Pusher.Want(sets);

        // Origin apps say which of their domains they do not reach; that changes with the domains.
        foreach (var stale in apps.Where(a => AppObjects.IsServedOrigin(a) && a.Message != AppValidation.Unshared(a, domains)))
        {
            await GrainFactory.GetGrain<IDtAppGrain>(new ObjectKey(Namespace, stale.Metadata.Name!).ToString()).Recheck(cancellationToken);
        }
        foreach (var replica in apps.Select(AppObjects.ReadReplica).OfType<AppReplica>())
        {
            var paths = replica.DomainUids.Where(uid => domains.Any(d => d.Uid == uid && d.MemberList.Find(replica.App.OriginNodeId) is not null));
            await PlaceAsync(replica.App, [.. paths], domains, replica, cancellationToken);
        }
    }

    public async Task ApplyApps(AppSet set, string fromNodeId, CancellationToken cancellationToken)
    {
        await objects.SyncedAsync(cancellationToken);
        var domains = SharingDomain.Of(objects.Domains(), objects.Peers(), node.Id);
        if (!domains.Any(d => d.Uid == set.DomainUid && d.MemberList.Find(fromNodeId) is not null))
        {
            throw new UnauthorizedAccessException($"node {fromNodeId} is not a member of domain {set.DomainUid} on node {node.Name}");
        }
        var apps = objects.Apps();
        var held = apps.Select(AppObjects.ReadReplica).OfType<AppReplica>()
            .Where(r => r.App.OriginNodeId == fromNodeId).ToDictionary(r => r.App.Id, StringComparer.Ordinal);
        var offered = new Dictionary<string, SharedApp>(StringComparer.Ordinal);
        foreach (var app in set.Apps)
        {
            if (!AppObjects.IsId(app.Id) || app.OriginNodeId != fromNodeId)
            {
                logger.LogWarning("Apps from node {Node}: ignored app {Id} ({Name}), which is not that node's own app with a valid id", fromNodeId, app.Id, app.OriginName);
            }
            else if (!held.ContainsKey(app.Id) && apps.Any(a => a.Metadata.Name == app.Id))
            {
                logger.LogWarning("Apps from node {Node}: app {Id} ({Name}) not placed: a dtApp of that name exists here already", fromNodeId, app.Id, app.OriginName);
            }
            else
            {
                offered[app.Id] = app;
            }
        }
        foreach (var id in held.Keys.Union(offered.Keys))
        {
            var current = held.GetValueOrDefault(id);
            var paths = (current?.DomainUids ?? []).Where(uid => uid != set.DomainUid).ToList();
            if (offered.ContainsKey(id))
            {
                paths.Add(set.DomainUid);
            }
            await PlaceAsync(offered.GetValueOrDefault(id) ?? current!.App, paths, domains, current, cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _pusher?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Tells the replica's grain what it should be now (nothing, without paths), unless that is what it is.</summary>
    private async Task PlaceAsync(SharedApp app, List<Guid> paths, IReadOnlyList<SharingDomain> domains, AppReplica? current, CancellationToken cancellationToken)
    {
        paths.Sort();
        AppReplica? desired = paths.Count == 0
            ? null
            : new AppReplica(app, paths, [.. paths.Select(uid => domains.FirstOrDefault(d => d.Uid == uid)?.Name).OfType<string>()]);
        if (desired is null && current is null || desired is not null && current is not null && Same(desired, current))
        {
            return;
        }
        await GrainFactory.GetGrain<IDtAppGrain>(new ObjectKey(Namespace, app.Id).ToString()).Replicate(desired, cancellationToken);
    }

    private SharedApp Share(DtApp app) =>
        new(AppObjects.OriginId(app)!, node.Id, node.Name, app.Metadata.Name!, app.DomainSelector!.Name!, app.Spec);

    private static bool Same(AppReplica a, AppReplica b) =>
        JsonSerializer.Serialize(a, GrainsJsonContext.Default.AppReplica) == JsonSerializer.Serialize(b, GrainsJsonContext.Default.AppReplica);
}
