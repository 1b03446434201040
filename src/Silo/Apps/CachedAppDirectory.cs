using System.Net;
using Dtaas.Gateway;
using Dtaas.Grains.Apps;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Servables;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Silo.Federation;
using Microsoft.AspNetCore.Http;
using Orleans;

namespace Dtaas.Silo.Apps;

/// <summary>
/// The gateway's view of the apps, from the informer caches (so it is never behind the objects): origin apps, replicas
/// and local servables by id, indexed again only when a dtApp, dtServable or dtDomain changed (not on every request);
/// Services and Endpoints for where an origin app's requests go; the node directory for the overlay address of an app's origin.
/// </summary>
public sealed class CachedAppDirectory(ObjectCaches caches, NodeDescription node, string @namespace, bool useClusterIp, INodeDirectory nodes,
    IGrainFactory grains) : IAppDirectory
{
    private int _turn;
    private AppIndex _index = new(-1, -1, -1, -1, new Dictionary<string, DtApp>(), new Dictionary<string, RemoteAppTarget>(),
        new Dictionary<string, DtServable>(), []);

    public AppTarget? FindByHost(string host)
    {
        var dot = host.IndexOf('.');
        var id = dot < 0 ? "" : host[..dot].ToLowerInvariant();
        if (!AppObjects.IsId(id))
        {
            return null;
        }
        var index = Index();
        var nodeName = host[(dot + 1)..].TrimEnd('.');
        if (!string.Equals(nodeName, node.Name, StringComparison.OrdinalIgnoreCase))
        {
            // Another member's servable (<id>.<its node name>): that node decides on the request.
            return SharingDomain.Peer(index.Domains, nodeName, node.Id) is { } member ? new ServableTarget(id, member.NodeId, member.Name) : null;
        }
        if (index.Origins.TryGetValue(id, out var origin))
        {
            return new LocalAppTarget(Serve(origin, id));
        }
        return (AppTarget?)index.Replicas.GetValueOrDefault(id) ?? new ServableTarget(id, null, node.Name, Elsewhere: !index.Servables.ContainsKey(id));
    }

    public async Task<ServableTarget?> LocateServableAsync(string servableId, ServableUser user, CancellationToken cancellationToken)
    {
        if (!Principal.TryParse($"{user.Username}@{node.Name}", out var principal, out _))
        {
            return null;
        }
        var caller = new VerifiedPrincipal(principal, new PrincipalId(node.Id, user.UserId));
        return await grains.GetGrain<IServableDirectoryGrain>(@namespace).Locate(caller, servableId, cancellationToken) is { } found
            ? new ServableTarget(servableId, found.NodeId, found.NodeName)
            : null;
    }

    public async Task<ServableUser?> UserOfTokenAsync(string token, CancellationToken cancellationToken) =>
        await grains.GetGrain<ISessionGrain>(@namespace).Resolve(token, cancellationToken) is { } user
            ? new ServableUser(user.Principal.Username, user.Id.UserId)
            : null;

    public async Task<ServableAccess> AuthorizeServableAsync(string servableId, ServableUser user, string? callerNodeId, CancellationToken cancellationToken)
    {
        var nodeName = callerNodeId is null ? node.Name
            : Index().Domains.Select(d => d.MemberList.Find(callerNodeId)).OfType<DomainMember>().FirstOrDefault()?.Name;
        if (nodeName is null || !Principal.TryParse($"{user.Username}@{nodeName}", out var principal, out _)
            || new PrincipalId(callerNodeId ?? node.Id, user.UserId) is var id && id.Problem() is not null)
        {
            return ServableAccess.Refused(StatusCodes.Status403Forbidden, $"user {user.Username} of node {callerNodeId ?? node.Id} is not one this node knows");
        }
        var answer = await grains.GetGrain<IServableDirectoryGrain>(@namespace)
            .Act(new VerifiedPrincipal(principal, id), null, servableId, new ServableAction.Request(), cancellationToken);
        if (answer.Outcome != ServableOutcome.Done)
        {
            return ServableAccess.Refused(StatusCodes.Status403Forbidden, answer.Outcome == ServableOutcome.Hidden
                ? $"{principal} holds no capability on servable {servableId}" : answer.Error!);
        }
        return Index().Servables.GetValueOrDefault(servableId) is { Spec.ServiceSelector: { } selector } servable
            ? ServableAccess.Allowed(Serve(servableId, ObjectKey.Of(servable).ToString(), selector, authentication: null))
            : ServableAccess.Refused(StatusCodes.Status502BadGateway, $"servable {servableId} has no serviceSelector: nothing serves its requests");
    }

    public bool Accepts(Guid domainUid, string nodeId) => nodeId != node.Id && Index().Domains.Any(d => d.Uid == domainUid && d.MemberList.Find(nodeId) is not null);

    public OriginApp? FindOrigin(string appId, string callerNodeId)
    {
        var index = Index();
        if (!index.Origins.TryGetValue(appId, out var origin))
        {
            return null;
        }
        var shared = origin.DomainSelector?.Name ?? [];
        bool member = index.Domains.Any(d => shared.Contains(d.Name) && d.MemberList.Find(callerNodeId) is not null);
        return member ? Serve(origin, appId) : null;
    }

    public OverlayIngressAddress? OriginIngress(string nodeId) =>
        nodes.TryGetAddress(nodeId, out var federation) && IPAddress.TryParse(federation.Host, out var overlay)
            ? OverlayIngressAddress.For(overlay)
            : null;

    // Replicas and member lists are JSON in annotations, and servables would be a scan: indexed when one changed, not per request.
    // The dtPeers say which node first held a name: a member entry claiming it later is left out of the domains.
    private AppIndex Index()
    {
        var (apps, servables, domains, peers) = (caches.For<DtApp>(), caches.For<DtServable>(), caches.For<DtDomain>(), caches.For<DtPeer>());
        var held = _index;
        if (held.AppsGeneration == apps.Generation && held.ServablesGeneration == servables.Generation && held.DomainsGeneration == domains.Generation
            && held.PeersGeneration == peers.Generation)
        {
            return held;
        }
        // Generations first: a change while indexing makes the next request index again.
        var (appsGeneration, servablesGeneration, domainsGeneration, peersGeneration) = (apps.Generation, servables.Generation, domains.Generation, peers.Generation);
        var listed = apps.List();
        var origins = listed.Where(AppObjects.IsServedOrigin).ToDictionary(a => AppObjects.OriginId(a)!, StringComparer.Ordinal);
        var replicas = listed.Select(AppObjects.ReadReplica).OfType<AppReplica>().Where(r => r.App.Id is { } id && !origins.ContainsKey(id))
            .GroupBy(r => r.App.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new RemoteAppTarget(g.Key, g.First().App.OriginNodeId, g.First().App.OriginNodeName), StringComparer.Ordinal);
        // The first listed servable of an id, as a scan would find it.
        var local = servables.List().Where(s => s.Metadata.Namespace == @namespace && ServableObjects.IsListed(s))
            .GroupBy(s => s.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        held = new AppIndex(appsGeneration, servablesGeneration, domainsGeneration, peersGeneration, origins, replicas, local,
            SharingDomain.Of(domains.List(), peers.List(), node.Id));
        _index = held;
        return held;
    }

    private OriginApp Serve(DtApp app, string id) =>
        Serve(id, ObjectKey.Of(app).ToString(), app.ServiceSelector!,
            app.Spec?.AuthenticationType == DtAppAuthenticationType.Custom ? new Uri(app.Spec.AuthenticationUrl!) : null);

    private OriginApp Serve(string id, string objectKey, DtAppServiceSelector selector, Uri? authentication)
    {
        var service = ObjectCache<V1Service>.KeyOf(@namespace, selector.Name!);
        caches.For<V1Service>().TryGet(service, out var found);
        caches.For<V1Endpoints>().TryGet(service, out var endpoints);
        var (address, problem, http2) = ServiceAddress.Resolve(found, endpoints, selector, useClusterIp, Interlocked.Increment(ref _turn));
        return new OriginApp(id, objectKey, address, problem, authentication, service, http2);
    }

    private sealed record AppIndex(long AppsGeneration, long ServablesGeneration, long DomainsGeneration, long PeersGeneration, IReadOnlyDictionary<string, DtApp> Origins,
        IReadOnlyDictionary<string, RemoteAppTarget> Replicas, IReadOnlyDictionary<string, DtServable> Servables, IReadOnlyList<SharingDomain> Domains);
}
