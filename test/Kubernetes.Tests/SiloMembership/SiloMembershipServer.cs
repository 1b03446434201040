using System.Net;
using Dtaas.Kubernetes.Access;
using Dtaas.Kubernetes.SiloMembership;
using Dtaas.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.Tests.SiloMembership;

/// <summary>One standalone API for a test class; each test keeps its rows apart under a cluster id of its own.</summary>
public sealed class SiloMembershipServer : IAsyncLifetime
{
    public const string Namespace = "node0";

    public TestServer Server { get; private set; } = null!;

    public KubernetesApiClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(Namespace);
        Client = KubernetesApiClient.FromKubeconfig(Server.Server.KubeconfigPath);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>A cluster no other test uses.</summary>
    public static SiloMembershipScope NewScope() => new(Namespace, "test-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>An initialised table of a new cluster (of <paramref name="scope"/> when given).</summary>
    public async Task<KubernetesSiloMembershipTable> NewTableAsync(SiloMembershipScope? scope = null)
    {
        var table = new KubernetesSiloMembershipTable(Client, scope ?? NewScope(), NullLogger<KubernetesSiloMembershipTable>.Instance);
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        return table;
    }

    /// <summary>Now, in the microseconds the objects keep, so what is written reads back equal.</summary>
    public static DateTime Now()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }

    public static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining, int proxyPort = 0, DateTime? at = null)
    {
        var time = at ?? Now();
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 130_000_000 + port),
            Status = status,
            ProxyPort = proxyPort,
            HostName = "host0",
            SiloName = $"silo-{port}",
            StartTime = time,
            IAmAliveTime = time,
            SuspectTimes = [],
        };
    }
}
