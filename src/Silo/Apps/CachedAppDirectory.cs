using System.Net;
using Dtaas.Gateway;
using Dtaas.Grains.Apps;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Silo.Federation;

namespace Dtaas.Silo.Apps;

/// <summary>
/// The gateway's view of the apps, from the informer caches (so it is never behind the objects): origin apps and
/// replicas by id, indexed again only when a dtApp or dtDomain changed (not on every request); Services and Endpoints
/// for where an origin app's requests go; the node directory for the overlay address of an app's origin.
/// </summary>
public sealed class CachedAppDirectory(ObjectCaches caches, NodeDescription node, string @namespace, bool useClusterIp, INodeDirectory nodes)
    : IAppDirectory
{
    private int _turn;
    private AppIndex _index = new(-1, -1, new Dictionary<string, DtApp>(), new Dictionary<string, RemoteAppTarget>(), []);

    public AppTarget? FindByHost(string host)
    {
        var dot = host.IndexOf('.');
        if (dot < 0 || !string.Equals(host[(dot + 1)..].TrimEnd('.'), node.Name, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var id = host[..dot].ToLowerInvariant();
        if (!AppObjects.IsId(id))
        {
            return null;
        }
        var index = Index();
        if (index.Origins.TryGetValue(id, out var origin))
        {
            return new LocalAppTarget(Serve(origin, id));
        }
        return index.Replicas.GetValueOrDefault(id);
    }

    public OriginApp? FindOrigin(string appId, string callerNodeId)
    {
        var index = Index();
        if (!index.Origins.TryGetValue(appId, out var origin))
        {
            return null;
        }
        var shared = origin.DomainSelector?.Name ?? [];
        bool member = index.Domains.Any(d => shared.Contains(d.Name) && d.Membership.Find(callerNodeId) is not null);
        return member ? Serve(origin, appId) : null;
    }

    public OverlayIngressAddress? OriginIngress(string nodeId) =>
        nodes.TryGetAddress(nodeId, out var federation) && IPAddress.TryParse(federation.Host, out var overlay)
            ? OverlayIngressAddress.For(overlay)
            : null;

    // Replicas and member lists are JSON in annotations: parsed when a dtApp or dtDomain changed, not per request.
    private AppIndex Index()
    {
        var (apps, domains) = (caches.For<DtApp>(), caches.For<DtDomain>());
        var held = _index;
        if (held.AppsGeneration == apps.Generation && held.DomainsGeneration == domains.Generation)
        {
            return held;
        }
        // Generations first: a change while indexing makes the next request index again.
        var (appsGeneration, domainsGeneration) = (apps.Generation, domains.Generation);
        var listed = apps.List();
        var origins = listed.Where(AppObjects.IsServedOrigin).ToDictionary(a => AppObjects.OriginId(a)!, StringComparer.Ordinal);
        var replicas = listed.Select(AppObjects.ReadReplica).OfType<AppReplica>().Where(r => r.App.Id is { } id && !origins.ContainsKey(id))
            .GroupBy(r => r.App.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new RemoteAppTarget(g.Key, g.First().App.OriginNodeId, g.First().App.OriginNodeName), StringComparer.Ordinal);
        held = new AppIndex(appsGeneration, domainsGeneration, origins, replicas, SharingDomain.Of(domains.List(), node.Id));
        _index = held;
        return held;
    }

    private OriginApp Serve(DtApp app, string id)
    {
        var selector = app.ServiceSelector!;
        var service = $"{@namespace}/{selector.Name}";
        caches.For<V1Service>().TryGet(service, out var found);
        caches.For<V1Endpoints>().TryGet(service, out var endpoints);
        var (address, problem, http2) = ServiceAddress.Resolve(found, endpoints, selector, useClusterIp, Interlocked.Increment(ref _turn));
        var authentication = app.Spec?.AuthenticationType == DtAppAuthenticationType.Custom ? new Uri(app.Spec.AuthenticationUrl!) : null;
        return new OriginApp(id, $"{@namespace}/{app.Metadata.Name}", address, problem, authentication, service, http2);
    }

    private sealed record AppIndex(long AppsGeneration, long DomainsGeneration, IReadOnlyDictionary<string, DtApp> Origins,
        IReadOnlyDictionary<string, RemoteAppTarget> Replicas, IReadOnlyList<SharingDomain> Domains);
}
