using System.Text;
using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Silos pointed at a cluster with --kubeconfig (here: another silo's standalone API): the node identity lives in a
/// Secret shared by the replicas, the replicas form one Orleans cluster kept in dtSilos, one replica leads, and a
/// standby takes over when the leader is killed.
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

    [KubectlFact]
    public async Task Replicas_share_the_identity_one_leads_and_a_standby_takes_over_when_it_dies()
    {
        var cluster = await Start("cluster");
        var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(_root, "home"));
        Assert.Equal(0, (await kubectl.RunAsync("apply", "-f", Manifest("tenant.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant\n"))).ExitCode);

        string[] replicaArgs = ["--kubeconfig", cluster.Kubeconfig, "--namespace", "tenant"];
        var first = await Start("replica-1", replicaArgs);
        var second = await Start("replica-2", replicaArgs);

        var secretId = await kubectl.RunAsync("get", "secret", "dtaas-node-identity", "-n", "tenant", "-o", "jsonpath={.data.id}");
        var nodeId = Encoding.UTF8.GetString(Convert.FromBase64String(secretId.Stdout));
        Assert.Equal(nodeId, first.NodeId);
        Assert.Equal(nodeId, second.NodeId);
        Assert.NotEqual(cluster.NodeId, nodeId);

        Assert.Equal(0, (await kubectl.RunAsync("create", "-n", "tenant", "-f", Path.Combine(RepositoryRoot.Examples, "dtdomain.yaml"))).ExitCode);
        await Eventually.Until(() => kubectl.RunAsync("get", "dtdomain", "mydomain", "-n", "tenant", "-o", "jsonpath={.status}"), r => r.Stdout == "Ready");
        var token = (await kubectl.RunAsync("get", "dtdomain", "mydomain", "-n", "tenant", "-o", "jsonpath={.inviteToken}")).Stdout;

        var holder = (await kubectl.RunAsync("get", "lease", "dtaas-silo", "-n", "tenant", "-o", "jsonpath={.spec.holderIdentity}")).Stdout;
        var leader = first.Output.Contains($"{holder} started leading") ? first : second;
        var standby = leader == first ? second : first;
        Assert.DoesNotContain("started leading", standby.Output);

        // The replicas are one Orleans cluster: both silos are Active in the node's membership, named by their Lease identity.
        string[] silos = ["get", "dtsilos", "-n", "tenant", "-o", "jsonpath={range .items[*]}{.siloName} {.status}{\"\\n\"}{end}"];
        var members = await Eventually.Until(() => kubectl.RunAsync(silos), r => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(" Active")) == 2);
        Assert.Contains($"{holder} Active", members.Stdout);

        leader.KillHard();
        Assert.Equal(0, (await kubectl.RunAsync("create", "-n", "tenant", "-f",
            Manifest("after-failover.yaml", "apiVersion: sid.sightlineinnovation.com/v1\nkind: dtDomain\nmetadata:\n  name: after-failover\n"))).ExitCode);
        await Eventually.Until(() => kubectl.RunAsync("get", "dtdomain", "after-failover", "-n", "tenant", "-o", "jsonpath={.status}"),
            r => r.Stdout == "Ready", TimeSpan.FromSeconds(45), "the standby to take over and reconcile");
        Assert.Contains("started leading", standby.Output);
        // The survivor declared the killed silo dead.
        await Eventually.Until(() => kubectl.RunAsync(silos), r => r.Stdout.Contains($"{holder} Dead"), TimeSpan.FromSeconds(30), "the killed silo to be declared dead");
        // Same node, same key: the standby keeps the token the first leader issued.
        Assert.Equal(token, (await kubectl.RunAsync("get", "dtdomain", "mydomain", "-n", "tenant", "-o", "jsonpath={.inviteToken}")).Stdout);
        // The cluster's own silo watches only its namespace.
        Assert.Equal("", (await kubectl.RunAsync("get", "dtdomains", "-n", "default", "-o", "name")).Stdout);
    }
}
