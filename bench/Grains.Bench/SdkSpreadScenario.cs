using Dtaas.Kubernetes.Access;
using Dtaas.ApiServer;
using Dtaas.Kubernetes.SiloMembership;
using Dtaas.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Bench;

/// <summary>
/// SDK calls/s when the node runs one silo vs two replicas sharing the grains (issue 12): the replicas form one
/// cluster through dtSilos kept in a standalone API, as on a real cluster, and the ping grains are placed at random,
/// so with two replicas about half the calls hop from the gateway's silo to the other. One silo is the baseline,
/// measured the same way in the same run; the client finds the gateways in dtSilos.
/// </summary>
public static class SdkSpreadScenario
{
    private const string Namespace = "bench";

    public static async Task RunAsync(TimeSpan duration, TextWriter output)
    {
        var root = Path.Combine(Path.GetTempPath(), $"dtaas-bench-{Guid.NewGuid():N}");
        try
        {
            await using var api = await StandaloneApiServer.StartAsync(
                new StandaloneApiServerOptions { DataDirectory = root, Listen = "127.0.0.1:0", Namespace = Namespace }, NullLoggerFactory.Instance, CancellationToken.None);
            using var kubernetes = KubernetesApiClient.FromKubeconfig(api.KubeconfigPath);
            var token = BenchSilo.NewToken();
            var holder = new LeaseHolder();
            // The replicas' silo port speaks mutual TLS with the node's silo certificate, as on a cluster.
            var certificates = Dtaas.Client.SdkCertificates.Create(BenchSilo.NodeId);
            NodeClustering Replica(string name) =>
                new(kubernetes, Namespace, new(System.Net.IPAddress.Loopback, NodeSilo.FreePort(System.Net.IPAddress.Loopback)), name, holder, certificates);

            output.WriteLine("| silos | callers | calls/s | p50 µs | p99 µs | activations per silo |");
            output.WriteLine("|---:|---:|---:|---:|---:|---|");
            var (first, gateway) = await BenchSilo.StartSiloAsync(token, Replica("replica-a"));
            List<IHost> hosts = [first];
            try
            {
                var one = await MeasureAsync(gateway, token, kubernetes, "one", duration, output, 1);
                var (second, _) = await BenchSilo.StartSiloAsync(token, Replica("replica-b"));
                hosts.Add(second);
                var membership = first.Services.GetRequiredService<IClusterMembershipService>();
                while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < 2)
                {
                    await Task.Delay(100);
                }
                var two = await MeasureAsync(gateway, token, kubernetes, "two", duration, output, 2);
                foreach (var (callers, index) in new[] { (1, 0), (64, 1) })
                {
                    output.WriteLine($"| 2 vs 1 | {callers} | {two[index].CallsPerSecond / one[index].CallsPerSecond:P1} | | | |");
                }
            }
            finally
            {
                foreach (var host in Enumerable.Reverse(hosts))
                {
                    await host.StopAsync();
                    host.Dispose();
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<SdkCallScenario.Result[]> MeasureAsync(System.Net.IPEndPoint gateway, string token, IKubernetesClient kubernetes,
        string prefix, TimeSpan duration, TextWriter output, int silos)
    {
        using var client = await BenchSilo.StartClientAsync(gateway, token, c => c.UseKubernetesClientGatewayList(kubernetes, Namespace));
        var factory = client.Services.GetRequiredService<IClusterClient>();
        var results = new List<SdkCallScenario.Result>();
        foreach (var callers in new[] { 1, 64 })
        {
            var grains = Enumerable.Range(0, callers).Select(i => factory.GetGrain<ISpreadPingGrain>($"{prefix}-{callers}-{i}")).ToArray();
            var placed = (await Task.WhenAll(grains.Select(g => g.Where()))).CountBy(where => where).Select(p => p.Value.ToString());
            var result = await SdkCallScenario.MeasureAsync(grains, duration);
            output.WriteLine($"| {silos} | {callers} | {result.CallsPerSecond:N0} | {result.P50Micros:N1} | {result.P99Micros:N1} | {string.Join(" / ", placed)} |");
            results.Add(result);
        }
        await client.StopAsync();
        return [.. results];
    }
}
