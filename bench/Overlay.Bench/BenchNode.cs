using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Overlay.Bench;

/// <summary>One node's silo as the bench drives and observes it: a client on its API and standing watches on its dtDomains and dtPeers.</summary>
public sealed class BenchNode : IAsyncDisposable
{
    private readonly NamespacedKubernetes _kubernetes;

    private BenchNode(NetnsSilo silo, NamespacedKubernetes kubernetes, ObjectWatch<DtDomain> domains, ObjectWatch<DtPeer> peers)
    {
        Silo = silo;
        _kubernetes = kubernetes;
        Domains = domains;
        Peers = peers;
    }

    public NetnsSilo Silo { get; }

    public string NodeId => Silo.NodeId;

    public KubernetesApiClient Api => _kubernetes.Client;

    public string Namespace => _kubernetes.Client.DefaultNamespace;

    public ObjectWatch<DtDomain> Domains { get; }

    public ObjectWatch<DtPeer> Peers { get; }

    public static async Task<BenchNode> StartAsync(NetnsSilo silo)
    {
        var kubernetes = new NamespacedKubernetes(silo.Node.Netns, Path.Combine(silo.DataDirectory, "kubeconfig"));
        try
        {
            var ns = kubernetes.Client.DefaultNamespace;
            var domains = await ObjectWatch<DtDomain>.StartAsync(kubernetes.Client, ns);
            var peers = await ObjectWatch<DtPeer>.StartAsync(kubernetes.Client, ns);
            return new BenchNode(silo, kubernetes, domains, peers);
        }
        catch
        {
            kubernetes.Dispose();
            throw;
        }
    }

    /// <summary>Whether this node's dtPeer for <paramref name="nodeId"/> says connected.</summary>
    public static Func<IReadOnlyCollection<DtPeer>, bool> Connected(string nodeId) =>
        peers => peers.Any(peer => peer.Id == nodeId && peer.Connected == true);

    /// <summary>Whether this node has no dtPeer for <paramref name="nodeId"/>.</summary>
    public static Func<IReadOnlyCollection<DtPeer>, bool> NoPeer(string nodeId) =>
        peers => peers.All(peer => peer.Id != nodeId);

    public static Func<IReadOnlyCollection<DtDomain>, bool> DomainIn(string name, params string[] statuses) =>
        domains => domains.Any(domain => domain.Metadata.Name == name && (statuses.Length == 0 || statuses.Contains(domain.Status)));

    public static Func<IReadOnlyCollection<DtDomain>, bool> NoDomain(string name) =>
        domains => domains.All(domain => domain.Metadata.Name != name);

    public async ValueTask DisposeAsync()
    {
        await Peers.DisposeAsync();
        await Domains.DisposeAsync();
        _kubernetes.Dispose();
    }
}
