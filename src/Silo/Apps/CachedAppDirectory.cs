using System.Net;
using Dtaas.Gateway;
using Dtaas.Grains.Apps;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Runtime;

namespace Dtaas.Silo.Apps;

/// <summary>
/// The gateway's view of the apps, read from the informer caches on every request (so it is never behind the objects):
/// origin apps by their id, replicas by name, Services and Endpoints for where an origin app's requests go, and the
/// node directory for the overlay address of an app's origin.
/// </summary>
public sealed class CachedAppDirectory(ObjectCaches caches, NodeDescription node, string @namespace, bool useClusterIp, StaticNodeDirectory nodes)
    : IAppDirectory
{
    private int _turn;
    private SharedDomains _domains = new("", []);

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
        if (Origin(id) is { } origin)
        {
            return new LocalAppTarget(Serve(origin, id));
        }
        return caches.For<DtApp>().TryGet($"{@namespace}/{id}", out var app) && AppObjects.ReadReplica(app) is { } replica
            ? new RemoteAppTarget(id, replica.App.OriginNodeId, replica.App.OriginNodeName)
            : null;
    }

    public OriginApp? FindOrigin(string appId, string callerNodeId)
    {
        if (Origin(appId) is not { } origin)
        {
            return null;
        }
        var shared = origin.DomainSelector?.Name ?? [];
        bool member = Domains().Any(d => shared.Contains(d.Name) && d.Membership.Find(callerNodeId) is not null);
        return member ? Serve(origin, appId) : null;
    }

    public OverlayIngressAddress? OriginIngress(string nodeId) =>
        nodes.TryGetAddress(nodeId, out var federation) && IPAddress.TryParse(federation.Host, out var overlay)
            ? OverlayIngressAddress.For(overlay)
            : null;

    // Member lists are JSON in an annotation: parsed again only when a dtDomain changed, not on every request.
    private IReadOnlyList<SharingDomain> Domains()
    {
        var objects = caches.For<DtDomain>().List();
        var version = string.Join(',', objects.Select(d => d.Metadata.ResourceVersion));
        var held = _domains;
        if (held.Version != version)
        {
            held = new SharedDomains(version, SharingDomain.Of(objects, node.Id));
            _domains = held;
        }
        return held.Domains;
    }

    private DtApp? Origin(string id) =>
        caches.For<DtApp>().List().FirstOrDefault(a => AppObjects.IsServedOrigin(a) && AppObjects.OriginId(a) == id);

    private OriginApp Serve(DtApp app, string id)
    {
        var selector = app.ServiceSelector!;
        var service = $"{@namespace}/{selector.Name}";
        caches.For<V1Service>().TryGet(service, out var found);
        caches.For<V1Endpoints>().TryGet(service, out var endpoints);
        var (address, problem) = ServiceAddress.Resolve(found, endpoints, selector, useClusterIp, Interlocked.Increment(ref _turn));
        var authentication = app.Spec?.AuthenticationType == DtAppAuthenticationType.Custom ? new Uri(app.Spec.AuthenticationUrl!) : null;
        return new OriginApp(id, $"{@namespace}/{app.Metadata.Name}", address, problem, authentication, service);
    }

    private sealed record SharedDomains(string Version, IReadOnlyList<SharingDomain> Domains);
}
