using Dtaas.Kubernetes.Access;
using Dtaas.ApiServer;
using Dtaas.Silo.Identity;
using Dtaas.Silo.Options;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The Kubernetes API this silo works against: the cluster of --kubeconfig, else the cluster it runs in, else its own
/// standalone API server (SQLite in the data directory, kubeconfig written to &lt;data-dir&gt;/kubeconfig).
/// </summary>
public sealed class KubernetesConnection : IAsyncDisposable
{
    private readonly KubernetesApiClient _client;

    private KubernetesConnection(KubernetesApiClient client, string description, StandaloneApiServer? standalone)
    {
        _client = client;
        Description = description;
        Standalone = standalone;
    }

    public IKubernetesClient Client => _client;

    /// <summary>The official client underneath <see cref="Client"/>, for the library's own typed APIs (the leader's Lease).</summary>
    public k8s.IKubernetes Api => _client.Api;

    /// <summary>Where the API is, for the start-up message.</summary>
    public string Description { get; }

    /// <summary>The silo's own API server, when it runs standalone.</summary>
    public StandaloneApiServer? Standalone { get; }

    public static async Task<KubernetesConnection> OpenAsync(SiloOptions options, DataDirectory data, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (options.Kubeconfig is { } kubeconfig)
        {
            var client = KubernetesApiClient.FromKubeconfig(kubeconfig);
            return new KubernetesConnection(client, $"cluster {client.Api.BaseUri} (kubeconfig {kubeconfig})", null);
        }
        if (k8s.KubernetesClientConfiguration.IsInCluster())
        {
            var client = KubernetesApiClient.InCluster();
            return new KubernetesConnection(client, $"in-cluster API {client.Api.BaseUri}", null);
        }
        var server = await StandaloneApiServer.StartAsync(
            new StandaloneApiServerOptions { DataDirectory = data.Path, Listen = options.ApiListen, Namespace = options.Namespace, AuditLogPath = options.ApiAuditLog },
            loggerFactory, cancellationToken);
        return new KubernetesConnection(KubernetesApiClient.FromKubeconfig(server.KubeconfigPath),
            $"standalone API {server.BaseAddress} (kubeconfig {server.KubeconfigPath})", server);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (Standalone is not null)
        {
            await Standalone.DisposeAsync();
        }
    }
}
