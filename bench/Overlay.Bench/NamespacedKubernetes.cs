using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Kubernetes.Client;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// The project's Kubernetes client for a node's standalone API, which listens on the node namespace's own loopback:
/// every connection is opened inside that namespace, so the bench process itself stays in the root namespace and can
/// watch several nodes at once (kubectl would cost a process per poll and blur the timings).
/// </summary>
public sealed class NamespacedKubernetes : IDisposable
{
    private readonly SocketsHttpHandler _handler;

    public NamespacedKubernetes(string netns, string kubeconfig)
    {
        var configuration = KubernetesClientConfiguration.BuildFromKubeconfig(kubeconfig);
        var authorities = configuration.CaCertificates
            ?? throw new InvalidOperationException($"{kubeconfig} names no certificate authority");
        _handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            ConnectCallback = NamespacedHttp.ConnectInside(netns),
        };
        // The silo's API certificate is self-signed and is itself the kubeconfig's authority: accept exactly it.
        _handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && authorities.Any(authority => authority.RawData.AsSpan().SequenceEqual(certificate.GetRawCertData()));
        Client = new KubernetesClient(configuration, handler: _handler);
    }

    public KubernetesClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _handler.Dispose(); // the client does not own a handler it was given
    }
}
