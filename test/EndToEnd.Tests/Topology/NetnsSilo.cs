using Dtaas.TestSupport;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>
/// The real silo running inside one node of a <see cref="NodeNetwork"/> (<c>ip netns exec</c>, which execs dotnet, so
/// the process id is the silo's): API and client endpoint on the namespace's own loopback, gateway on every address so
/// other nodes reach it at the node's bridge address. Readiness and kubectl both run inside the namespace. It can be
/// killed with SIGKILL and restarted on the same data directory; disposing kills it.
/// </summary>
public sealed class NetnsSilo : IAsyncDisposable
{
    public const int ApiPort = 7443;
    public const int GatewayPort = 8080;

    /// <summary>The gateway's port for cleartext HTTP/2 clients (<c>--gateway-h2c-listen</c>).</summary>
    public const int H2cGatewayPort = 8081;

    /// <summary>The gateway over HTTPS (the silo's default port), with the self-signed certificate in the data directory.</summary>
    public const int TlsGatewayPort = 8443;

    /// <summary>Where Prometheus would scrape, on the namespace's loopback.</summary>
    public const int MetricsPort = 9464;
    public const int ClientPort = 30000;

    private readonly IpCommand _ip;
    private readonly SiloVariant _variant;
    private SiloProcess? _process;

    private NetnsSilo(IpCommand ip, NetworkNode node, string directory, string podDirectory, SiloVariant variant)
    {
        _ip = ip;
        _variant = variant;
        Node = node;
        DataDirectory = Path.Combine(directory, "data");
        Home = Path.Combine(directory, "home");
        PodDirectory = podDirectory;
        Directory.CreateDirectory(Home);
        Kubectl = new Kubectl(Path.Combine(DataDirectory, "kubeconfig"), Home, node.Netns);
    }

    public NetworkNode Node { get; }

    public string NodeName => $"node{Node.Index}.example.org";

    public string DataDirectory { get; }

    /// <summary>This node's pods (<c>--pod-netns-dir</c>): pod NAME is the network namespace bound at PodDirectory/NAME.</summary>
    public string PodDirectory { get; }

    /// <summary>kubectl's private HOME for this node.</summary>
    public string Home { get; }

    /// <summary>The real kubectl, run inside this node's namespace against its standalone API.</summary>
    public Kubectl Kubectl { get; }

    /// <summary>Where other nodes reach this node's gateway.</summary>
    public Uri GatewayUrl => new($"http://{Node.Address}:{GatewayPort}/");

    /// <summary>
    /// The plain gateway as a local tool inside the node's namespace reaches it (loopback): beyond loopback it answers
    /// /v1 credentials with a redirect to <see cref="TlsGatewayPort"/>.
    /// </summary>
    public Uri LocalGatewayUrl => new($"http://127.0.0.1:{GatewayPort}/");

    /// <summary>The running silo process (the latest one after a restart).</summary>
    public SiloProcess Process => _process ?? throw new InvalidOperationException($"the silo of {NodeName} is not running");

    public string NodeId => Process.NodeId;

    public string Output => Process.Output;

    /// <summary>Starts the silo of <paramref name="node"/> with its data under <paramref name="directory"/> and waits until it is ready.</summary>
    public static async Task<NetnsSilo> StartAsync(NodeNetwork network, NetworkNode node, string directory, SiloVariant? variant = null)
    {
        var silo = new NetnsSilo(network.Ip, node, directory, network.PodDirectory(node.Index), variant ?? SiloVariant.Default);
        await silo.StartProcessAsync();
        return silo;
    }

    /// <summary>SIGKILL to the silo and its children: no shutdown code runs.</summary>
    public void KillHard() => Process.KillHard();

    /// <summary>Kills the silo if it still runs and starts it again, in the same namespace on the same data directory.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
        await StartProcessAsync();
    }

    /// <summary>An HttpClient whose connections start inside this node's namespace.</summary>
    public HttpClient CreateHttpClient() => NamespacedHttp.CreateClient(Node.Netns);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    private async Task StartProcessAsync()
    {
        List<string> arguments = ["--node-name", NodeName, "--api-listen", $"127.0.0.1:{ApiPort}", "--gateway-listen", $"0.0.0.0:{GatewayPort}",
            "--gateway-h2c-listen", $"0.0.0.0:{H2cGatewayPort}", "--gateway-tls-listen", $"0.0.0.0:{TlsGatewayPort}", "--metrics-listen", $"127.0.0.1:{MetricsPort}",
            "--client-listen", $"127.0.0.1:{ClientPort}", "--pod-netns-dir", PodDirectory, .. _variant.Arguments];
        // Federation adds --public-address; pass it once the silo has it, so this harness works before and after.
        if (await SiloHasOptionAsync("--public-address"))
        {
            arguments.AddRange(["--public-address", $"{Node.Address}:{GatewayPort}"]);
        }
        _process = await SiloProcess.StartAsync(new SiloLaunch(
            Prefix: [IpCommand.Executable, "netns", "exec", Node.Netns, .. _variant.Environment.Count > 0 ? ["env", .. _variant.Environment] : (string[])[]],
            DataDirectory: DataDirectory,
            Arguments: arguments,
            ApiPort: ApiPort,
            GatewayPort: GatewayPort,
            HealthUrl: new Uri($"http://127.0.0.1:{GatewayPort}/healthz"),
            UsesCluster: false,
            CreateHttpClient: CreateHttpClient));
    }

    private async Task<bool> SiloHasOptionAsync(string option)
    {
        var help = await _ip.Runner.RunAsync("dotnet", [SiloProcess.SiloDll, "--help"], CancellationToken.None);
        return help.Stdout.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Contains(option);
    }
}
