using System.Text;
using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Silos pointed at a cluster with --kubeconfig (here: another silo's standalone API): the node identity lives in a
/// Secret shared by the replicas, three replicas form one Orleans cluster kept in dtSilos, one replica leads, and one
/// standby takes over each time the leader goes, until one replica is left: killed (kill -9), then stopped (SIGTERM),
/// when it hands the Lease over at once.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ClusterModeTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dtaas-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<SiloProcess> _silos = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        Directory.Delete(_root, recursive: true);
    }

    private async Task<SiloProcess> Start(string name, params string[] args)
    {
        var silo = await SiloProcess.StartAsync(Path.Combine(_root, name), extraArgs: args);
        _silos.Add(silo);
        return silo;
    }

    private string Manifest(string name, string yaml)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>How many dtApps are applied right after the first takeover, when two replicas are left (bench/README: the lost reconcile).</summary>
    private const int AppsAfterFailover = 10;

    [KubectlFact]
    public async Task Three_replicas_share_the_identity_one_leads_and_a_standby_takes_over_each_time_the_leader_dies_or_stops()
    {
        var cluster = await Start("cluster");
        var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(_root, "home"));
        Assert.Equal(0, (await kubectl.RunAsync("apply", "-f", Manifest("tenant.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant\n"))).ExitCode);

        string[] replicaArgs = ["--kubeconfig", cluster.Kubeconfig, "--namespace", "tenant", "--shutdown-timeout", "10"];
        List<SiloProcess> replicas = [];
        for (int i = 1; i <= 3; i++)
        {
            replicas.Add(await Start($"replica-{i}", replicaArgs));
        }

        var secretId = await kubectl.RunAsync("get", "secret", "dtaas-node-identity", "-n", "tenant", "-o", "jsonpath={.data.id}");
        var nodeId = Encoding.UTF8.GetString(Convert.FromBase64String(secretId.Stdout));
        Assert.All(replicas, r => Assert.Equal(nodeId, r.NodeId));
        Assert.NotEqual(cluster.NodeId, nodeId);

        Assert.Equal(0, (await kubectl.RunAsync("create", "-n", "tenant", "-f", Path.Combine(RepositoryRoot.Examples, "dtdomain.yaml"))).ExitCode);
        await Eventually.Until(() => kubectl.RunAsync("get", "dtdomain", "mydomain", "-n", "tenant", "-o", "jsonpath={.status}"), r => r.Stdout == "Ready");
        var token = (await kubectl.RunAsync("get", "dtdomain", "mydomain", "-n", "tenant", "-o", "jsonpath={.inviteToken}")).Stdout;

        // The replicas are one Orleans cluster: every silo is Active in the node's memberList, named by its Lease identity.
        string[] silos = ["get", "dtsilos", "-n", "tenant", "-o", "jsonpath={range .items[*]}{.siloName} {.status}{\"\\n\"}{end}"];
        var members = await Eventually.Until(() => kubectl.RunAsync(silos), r => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(" Active")) == 3);

        // Kill the leader, then stop the next one: each time exactly one of the others leads and reconciles.
        for (int round = 1; round <= 2; round++)
        {
            var holder = (await kubectl.RunAsync("get", "lease", "dtaas-silo", "-n", "tenant", "-o", "jsonpath={.spec.holderIdentity}")).Stdout;
            Assert.Contains($"{holder} Active", (await kubectl.RunAsync(silos)).Stdout);
            var leader = replicas.Single(r => r.Output.Contains($"{holder} started leading"));
            var standbys = replicas.Where(r => r != leader).ToList();
            Assert.All(standbys, s => Assert.DoesNotContain("started leading", s.Output));

            if (round == 1)
            {
                leader.KillHard();
            }
            else
            {
                // SIGTERM: a clean exit that releases the Lease, so the standby takes it at its next try (2 s), not
                // after the Lease's 15 s.
                leader.Terminate();
                Assert.Equal(0, await leader.WaitForExitAsync(TimeSpan.FromSeconds(15)));
                Assert.Contains($"{holder} released the lease", leader.Output);
                var stopped = DateTime.UtcNow;
                await Eventually.Until(() => Task.FromResult(standbys.Count(s => s.Output.Contains("started leading"))), n => n == 1,
                    TimeSpan.FromSeconds(30), "a standby to take the released Lease");
                Assert.True(DateTime.UtcNow - stopped < TimeSpan.FromSeconds(8), $"the standby took the released Lease {DateTime.UtcNow - stopped} after the leader exited");
            }
            replicas.Remove(leader);
            var name = $"after-failover-{round}";
            Assert.Equal(0, (await kubectl.RunAsync("create", "-n", "tenant", "-f",
                Manifest($"{name}.yaml", $"apiVersion: sid.sightlineinnovation.com/v1\nkind: dtDomain\nmetadata:\n  name: {name}\n"))).ExitCode);
            await Eventually.Until(() => kubectl.RunAsync("get", "dtdomain", name, "-n", "tenant", "-o", "jsonpath={.status}"),
                r => r.Stdout == "Ready", TimeSpan.FromSeconds(45), "a standby to take over and reconcile");
            if (round == 1)
            {
                // Apps applied right after the takeover are each reconciled (published with a URI), also those whose grain
                // lives on the other survivor: its cache may not have the app yet when the new leader's call arrives.
                var apps = Enumerable.Range(1, AppsAfterFailover).Select(i => $"{name}-app-{i}").ToList();
                Assert.Equal(0, (await kubectl.RunAsync("apply", "-n", "tenant", "-f",
                    Manifest($"{name}-apps.yaml", string.Join("---\n", apps.Select(app => AppKubectl.AppManifest(app, "example-service", "authenticationType: None", "mydomain"))))))
                    .ExitCode);
                await Eventually.Until(() => kubectl.RunAsync("get", "dtapps", "-n", "tenant", "-o", "jsonpath={range .items[*]}{.metadata.name} {.URI}{\"\\n\"}{end}"),
                    r => apps.All(app => r.Stdout.Split('\n').Any(l => l.StartsWith($"{app} http", StringComparison.Ordinal))), TimeSpan.FromSeconds(30),
                    $"the {AppsAfterFailover} apps applied after the kill to be reconciled");
            }
            Assert.Single(standbys, s => s.Output.Contains("started leading"));
            // The survivors declared the killed silo dead. (Whether the new leader broke the Lease or the Lease lapsed first
            // depends on timing on a loaded machine; LeaseCampaignTests covers the break, bench/README its effect.)
            await Eventually.Until(() => kubectl.RunAsync(silos), r => r.Stdout.Contains($"{holder} Dead"), TimeSpan.FromSeconds(30), "the killed silo to be declared dead");
        }
        // Same node, same key: the standby keeps the token the first leader issued.
        Assert.Equal(token, (await kubectl.RunAsync("get", "dtdomain", "mydomain", "-n", "tenant", "-o", "jsonpath={.inviteToken}")).Stdout);
        // The cluster's own silo watches only its namespace.
        Assert.Equal("", (await kubectl.RunAsync("get", "dtdomains", "-n", "default", "-o", "name")).Stdout);
    }
}
