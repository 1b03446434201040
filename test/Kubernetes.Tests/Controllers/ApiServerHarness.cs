using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Dtaas.ApiServer;
using Dtaas.Kubernetes.Tests.Access;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.Tests.Controllers;

/// <summary>
/// A standalone API server that a test can stop and start again on the same data and port, a client to it, and the
/// informers or controllers the test runs against it (stopped before the server is).
/// </summary>
internal sealed class ApiServerHarness : IAsyncDisposable
{
    public const string Namespace = "node0";

    private readonly TempDirectory _directory = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _runs = [];
    private StandaloneApiServer? _server;
    private int _port;

    private ApiServerHarness()
    {
    }

    /// <summary>Survives restarts: the token and the certificate are kept in the data directory.</summary>
    public KubernetesApiClient Client { get; private set; } = null!;

    public static async Task<ApiServerHarness> StartAsync()
    {
        var harness = new ApiServerHarness();
        await harness.StartServerAsync();
        harness.Client = KubernetesApiClient.FromKubeconfig(harness._server!.KubeconfigPath);
        return harness;
    }

    /// <summary>Starts a run (an informer's, a controller's) that ends when the harness is disposed.</summary>
    public void Run(Func<CancellationToken, Task> run) => _runs.Add(run(_stop.Token));

    public Task<DtDomain> CreateDomainAsync(string name) => Client.CreateAsync(new DtDomain { Metadata = new ObjectMeta { Name = name, Namespace = Namespace } });

    public async Task StopAsync()
    {
        await _server!.DisposeAsync();
        _server = null;
    }

    public Task StartAgainAsync() => StartServerAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_runs);
        _stop.Dispose();
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }

    private async Task StartServerAsync()
    {
        _server = await StandaloneApiServer.StartAsync(
            new StandaloneApiServerOptions
            {
                DataDirectory = _directory.Path,
                Listen = $"127.0.0.1:{_port}",
                Namespace = Namespace,
                BookmarkInterval = TimeSpan.FromMilliseconds(200),
            },
            NullLoggerFactory.Instance,
            CancellationToken.None);
        _port = _server.BaseAddress.Port;
    }
}
