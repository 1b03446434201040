using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Silo.Api;
using Orleans;

namespace Dtaas.Silo.WebConsole;

/// <summary>
/// Reads what the console shows: the node's objects from the informer caches (no API call per page), the latest
/// Events from the Kubernetes API (shared by every open console, re-read at most every <see cref="EventsMaxAge"/>),
/// and a user's servables and trusts through the same grains as <c>/v1</c>, with that user as the caller.
/// </summary>
public sealed class ConsoleView(string @namespace, NodeDescription node, ObjectCaches caches, IKubernetesClient kubernetes, IGrainFactory grains,
    TimeProvider time)
{
    public const int MaxEvents = 50;
    private static readonly TimeSpan EventsMaxAge = TimeSpan.FromSeconds(2);
    private const string ServiceRoleLabelPrefix = "sid.sightline.dtservice.";
    private readonly SemaphoreSlim _eventsLock = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<EventRow> Rows) _events = (DateTimeOffset.MinValue, []);

    public string Namespace => @namespace;

    public NodeDescription Node => node;

    public ISessionGrain Sessions => grains.GetGrain<ISessionGrain>(@namespace);

    public ITrustDirectoryGrain Trusts => grains.GetGrain<ITrustDirectoryGrain>(@namespace);

    public async Task<NodeSnapshot> NodeAsync(CancellationToken cancellationToken)
    {
        var peers = caches.For<DtPeer>().List().Where(p => p.Metadata.Namespace == @namespace).ToList();
        var names = peers.Where(p => p.Id is not null && p.Name is not null).GroupBy(p => p.Id!).ToDictionary(g => g.Key, g => g.First().Name!);
        names[node.Id] = node.Name;
        var domains = caches.For<DtDomain>().List().Where(d => d.Metadata.Namespace == @namespace)
            .OrderBy(d => d.Metadata.Name, StringComparer.Ordinal)
            .Select(d => Graph(d, [.. peers.Where(p => p.DtDomain == d.Metadata.Name).OrderBy(p => p.Name, StringComparer.Ordinal)]))
            .ToList();
        var apps = caches.For<DtApp>().List().Where(a => a.Metadata.Namespace == @namespace)
            .OrderBy(a => a.Metadata.Name, StringComparer.Ordinal)
            .Select(a => new AppRow(a.Metadata.Labels?.GetValueOrDefault(ReplicaMetadata.OriginNameLabel) ?? a.Metadata.Name ?? "", a.Uri,
                a.Metadata.Labels?.GetValueOrDefault(ReplicaMetadata.OriginNodeLabel) ?? node.Name, a.Spec?.AuthenticationType, a.Status, a.Message))
            .ToList();
        var networks = caches.For<DtService>().List().Where(s => s.Metadata.Namespace == @namespace)
            .OrderBy(s => s.Metadata.Name, StringComparer.Ordinal)
            .Select(s => Network(s, names))
            .ToList();
        return new NodeSnapshot(node.Name, node.Id, domains, apps, networks, await EventsAsync(cancellationToken));
    }

    public async Task<UserSnapshot> UserAsync(VerifiedPrincipal caller, CancellationToken cancellationToken)
    {
        var directory = grains.GetGrain<IServableDirectoryGrain>(@namespace);
        var kinds = await Task.WhenAll(ServableCollections.All.Select(k => directory.ListAcrossDomains(caller, k.Type, cancellationToken)));
        var trusts = await Trusts.ListAcrossDomains(caller, cancellationToken);
        var servables = kinds.SelectMany(k => k.Items)
            .Select(s => new ServableRow(s.Id, s.Type, s.Name, s.Node, s.Details?.Uri, Capabilities.Names(s.Capabilities)))
            .OrderBy(s => s.Node, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var unreachable = kinds.SelectMany(k => k.Unreachable).Concat(trusts.Unreachable).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new UserSnapshot(caller.Principal.ToString(), servables, [.. trusts.Items.OrderBy(t => t.Name, StringComparer.Ordinal)], unreachable);
    }

    private DomainGraph Graph(DtDomain domain, IReadOnlyList<DtPeer> peers)
    {
        // The creator is the domain's first overlay address (.0.1): this node when it created the domain (no spec.peer).
        var selfCreates = domain.Spec?.Peer is null;
        var vertices = new List<DomainVertex> { new(node.Id, node.Name, null, Self: true, Creator: selfCreates) };
        vertices.AddRange(peers.Select(p => new DomainVertex(p.Id ?? p.Metadata.Name ?? "", p.Name ?? p.Metadata.Name ?? "", p.Address, Self: false,
            Creator: !selfCreates && p.Address is { } address && address.EndsWith(".0.1", StringComparison.Ordinal))));
        var edges = peers.Select(p => new DomainEdge(node.Id, p.Id ?? p.Metadata.Name ?? "", p.Connected == true, p.Latency)).ToList();
        return new DomainGraph(domain.Metadata.Name ?? "", domain.Status, domain.Message, vertices, edges);
    }

    private NetworkRow Network(DtService service, IReadOnlyDictionary<string, string> names)
    {
        var pods = (service.Peers ?? new Dictionary<string, DtServicePeer>())
            .Select(p =>
            {
                var role = p.Value.Labels?.FirstOrDefault(l => l.Key.StartsWith(ServiceRoleLabelPrefix, StringComparison.Ordinal));
                var nodeId = role?.Key?[ServiceRoleLabelPrefix.Length..];
                return new NetworkPod(p.Key, nodeId is null ? null : names.GetValueOrDefault(nodeId, nodeId), null, role?.Value == "server");
            })
            .OrderBy(p => !p.Server).ThenBy(p => p.Address, StringComparer.Ordinal).ToList();
        var server = service.Spec?.Server?.Endpoint ?? (pods.FirstOrDefault(p => p.Server)?.Node ?? node.Name);
        return new NetworkRow(service.Metadata.Name ?? "", service.Spec?.DomainSelector, service.Spec?.PodSelector, service.Status, service.Message, server, pods);
    }

    private async Task<IReadOnlyList<EventRow>> EventsAsync(CancellationToken cancellationToken)
    {
        await _eventsLock.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow() - _events.At < EventsMaxAge)
            {
                return _events.Rows;
            }
            var listed = await kubernetes.ListAsync<V1Event>(@namespace, cancellationToken: cancellationToken);
            var rows = listed.Items
                .Where(e => e.InvolvedObject?.ApiVersion?.StartsWith(ResourceKinds.DtaasGroup + "/", StringComparison.Ordinal) == true)
                .OrderByDescending(e => e.LastTimestamp ?? e.FirstTimestamp)
                .Take(MaxEvents)
                .Select(e => new EventRow(e.LastTimestamp ?? e.FirstTimestamp, e.Type, e.Reason, $"{e.InvolvedObject?.Kind}/{e.InvolvedObject?.Name}", e.Message, e.Count ?? 1))
                .ToList();
            _events = (time.GetUtcNow(), rows);
            return rows;
        }
        finally
        {
            _eventsLock.Release();
        }
    }
}
