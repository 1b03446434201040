using System.Net;
using System.Net.Sockets;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;
using Dtaas.TestSupport.Web;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The first seed document's example end to end: three federated silos; on node0 a real HTTP service at 10.1.2.3:12345
/// inside its namespace, the seed's example-service (Service + Endpoints) and mydtapp, replicated to node1 and node2.
/// </summary>
public sealed class AppFixture : ITopologyFixture
{
    /// <summary>Where the seed's Endpoints point; added to node0's loopback so only node0 can reach it.</summary>
    public static readonly IPEndPoint ServiceEndpoint = new(IPAddress.Parse("10.1.2.3"), 12345);

    /// <summary>Where each silo sends its traces: port 4318 (OTLP/HTTP) on its own namespace's loopback, in batches every 200 ms.</summary>
    public const int OtlpPort = 4318;

    /// <summary>Every silo traced (<see cref="OtlpPort"/>), as the tests expect.</summary>
    public static readonly SiloVariant Traced = new(["--otlp-endpoint", $"http://127.0.0.1:{OtlpPort}"], ["OTEL_BSP_SCHEDULE_DELAY=200"]);

    private FederationFixture? _federation;
    private TestWebService? _service;

    /// <summary>
    /// How node i's silo is started. By default every silo is <see cref="Traced"/>, and node0 and node2 run with
    /// <c>--overlay-splice on</c>: node2's requests reach node0's Service through the splice, node1's (which does not
    /// splice) through node0's HTTP ingress, whose spans and origin-side metrics the tests through node1 look at.
    /// </summary>
    public Func<int, SiloVariant>? VariantOf { get; init; }

    public SiloTopology Topology => (_federation ?? throw new InvalidOperationException("not initialized")).Topology;

    public NetnsSilo Origin => Topology[0];

    /// <summary>mydtapp's id (the first label of its URI).</summary>
    public string AppId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _federation = new FederationFixture { VariantOf = VariantOf ?? (i => i == 1 ? Traced : Traced with { Arguments = [.. Traced.Arguments, "--overlay-splice", "on"] }) };
        await _federation.InitializeAsync();
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        var added = await Topology.Network.ExecAsync(0, "ip", ["addr", "add", $"{ServiceEndpoint.Address}/32", "dev", "lo"]);
        if (added.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip addr add in node0: {added}");
        }
        var socket = await NamespacedSockets.CreateAsync(Origin.Node.Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(ServiceEndpoint);
        _service = await TestWebService.StartAsync(socket);

        await Origin.KubectlCheckedAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "example-service.yaml"));
        await Origin.KubectlCheckedAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "dtapp.yaml"));
        AppId = await this.PublishedIdAsync("mydtapp");
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
        if (_federation is not null)
        {
            await _federation.DisposeAsync();
        }
    }
}
