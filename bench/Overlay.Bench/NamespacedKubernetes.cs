using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// The project's Kubernetes client for a node's standalone API, which listens on the node namespace's own loopback:
/// every connection is opened inside that namespace, so the bench process itself stays in the root namespace and can
/// watch several nodes at once (kubectl would cost a process per poll and blur the timings).
/// </summary>
public sealed class NamespacedKubernetes : IDisposable
{
    public NamespacedKubernetes(string netns, string kubeconfig)
    {
        var configuration = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        // The library checks the server against the kubeconfig's authority; only the connection is opened elsewhere.
        configuration.FirstMessageHandlerSetup = handler =>
        {
            var sockets = (SocketsHttpHandler)handler;
            sockets.UseProxy = false;
            sockets.ConnectCallback = NamespacedHttp.ConnectInside(netns);
        };
        Client = KubernetesApiClient.Create(configuration);
    }

    public KubernetesApiClient Client { get; }

    public void Dispose() => Client.Dispose();
}
