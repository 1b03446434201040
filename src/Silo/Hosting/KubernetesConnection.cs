using Dtaas.Kubernetes.ApiServer;
using Dtaas.Kubernetes.Client;
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
    private readonly KubernetesClient _client;

    private KubernetesConnection(KubernetesClient client, string description, StandaloneApiServer? standalone)
    {
        _client = client;
        Description = description;
        Standalone = standalone;
    }

    public IKubernetesClient Client => _client;

    /// <summary>Where the API is, for the start-up message.</summary>
    public string Description { get; }

    /// <summary>The silo's own API server, when it runs standalone.</summary>
    public StandaloneApiServer? Standalone { get; }

    public static async Task<KubernetesConnection> OpenAsync(SiloOptions options, DataDirectory data, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (options.Kubeconfig is { } kubeconfig)
        {
            var configuration = KubernetesClientConfiguration.BuildFromKubeconfig(kubeconfig);
            return new KubernetesConnection(new KubernetesClient(configuration, loggerFactory), $"cluster {configuration.Host} (kubeconfig {kubeconfig})", null);
        }
        if (KubernetesClientConfiguration.IsInCluster())
        {
            var configuration = KubernetesClientConfiguration.BuildInCluster();
            return new KubernetesConnection(new KubernetesClient(configuration, loggerFactory), $"in-cluster API {configuration.Host}", null);
        }
        var server = await StandaloneApiServer.StartAsync(
            new StandaloneApiServerOptions { DataDirectory = data.Path, Listen = options.ApiListen, Namespace = options.Namespace },
            loggerFactory, cancellationToken);
        var local = KubernetesClientConfiguration.BuildFromKubeconfig(server.KubeconfigPath);
        return new KubernetesConnection(new KubernetesClient(local, loggerFactory), $"standalone API {server.BaseAddress} (kubeconfig {server.KubeconfigPath})", server);
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
