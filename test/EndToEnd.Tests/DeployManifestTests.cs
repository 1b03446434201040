using System.Text.RegularExpressions;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Netns;
using k8s;
using k8s.Models;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// k8s/deploy installs a node on a real cluster: the manifests are Kubernetes objects the official client reads, every
/// DTAAS_* variable they set is an option the silo knows, and the ports they open are the ones the silo listens on.
/// </summary>
public sealed class DeployManifestTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot.Path, "k8s", "deploy");

    private static readonly Lazy<IReadOnlyList<object>> Objects = new(() =>
        [.. Directory.GetFiles(Deploy, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f)))]);

    private static V1Container Silo => Objects.Value.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();

    [Fact]
    public void Every_file_is_kubernetes_objects_in_the_dtaas_namespace_and_kustomize_lists_them_all()
    {
        Assert.Contains(Objects.Value, o => o is V1Namespace { Metadata.Name: "dtaas" });
        foreach (var obj in Objects.Value.OfType<IMetadata<V1ObjectMeta>>().Where(o => o is not V1Namespace))
        {
            Assert.Equal("dtaas", obj.Metadata.NamespaceProperty);
        }
        var kustomization = File.ReadAllText(Path.Combine(Deploy, "kustomization.yaml"));
        Assert.All(Directory.GetFiles(Deploy, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml"),
            file => Assert.Contains($"- {file}", kustomization));
    }

    [Fact]
    public async Task Every_DTAAS_variable_the_deployment_sets_is_an_option_of_the_silo()
    {
        var known = await SiloDefaultsAsync();

        Assert.Contains("DTAAS_NODE_NAME", known.Keys);
        Assert.All(Silo.Env.Where(e => e.Name.StartsWith("DTAAS_", StringComparison.Ordinal)), e => Assert.Contains(e.Name, known.Keys));
    }

    [Fact]
    public async Task The_container_and_service_ports_are_where_the_silo_listens()
    {
        var defaults = await SiloDefaultsAsync();
        string Env(string name) => Silo.Env.Single(e => e.Name == name).Value;
        int Port(string name) => Silo.Ports.Single(p => p.Name == name).ContainerPort;

        // The listeners move from loopback to every address in a pod; the ports stay the silo's own defaults.
        foreach (var (variable, port) in new[] { ("DTAAS_GATEWAY_LISTEN", "gateway"), ("DTAAS_GATEWAY_TLS_LISTEN", "gateway-tls"), ("DTAAS_CLIENT_LISTEN", "client"), ("DTAAS_METRICS_LISTEN", "metrics") })
        {
            Assert.Equal(Port(port), PortOf(Env(variable)));
            Assert.Equal(Port(port), PortOf(defaults[variable]));
        }
        Assert.Equal(defaults["DTAAS_WIREGUARD_PORT"], Env("DTAAS_WIREGUARD_PORT"));
        Assert.Equal(Port("wireguard-0"), int.Parse(Env("DTAAS_WIREGUARD_PORT")));
        Assert.Equal("/healthz", Silo.ReadinessProbe.HttpGet.Path);
        Assert.Contains("NET_ADMIN", Silo.SecurityContext.Capabilities.Add);

        // Every Service port goes to a named container port of the same protocol.
        foreach (var port in Objects.Value.OfType<V1Service>().SelectMany(s => s.Spec.Ports))
        {
            var target = Silo.Ports.Single(p => p.Name == port.TargetPort.Value);
            Assert.Equal(target.Protocol, port.Protocol);
        }
    }

    [Fact]
    public void A_rollout_or_a_drain_keeps_a_replica_serving_and_each_stop_fits_the_grace_period()
    {
        var deployment = Objects.Value.OfType<V1Deployment>().Single();
        var budget = Objects.Value.OfType<V1PodDisruptionBudget>().Single();
        var pod = deployment.Spec.Template.Spec;

        Assert.Equal("RollingUpdate", deployment.Spec.Strategy.Type);
        Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("1", budget.Spec.MinAvailable.Value);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);

        // SIGTERM comes after the preStop sleep, and the kubelet's SIGKILL comes terminationGracePeriodSeconds after
        // the start of both: the sleep and the silo's whole stop must fit, with a margin for the process to exit.
        var preStop = Silo.Lifecycle.PreStop.Exec.Command;
        Assert.Equal("sleep", preStop[0]);
        var sleep = long.Parse(preStop[1]);
        var shutdown = long.Parse(Silo.Env.Single(e => e.Name == "DTAAS_SHUTDOWN_TIMEOUT").Value);
        Assert.InRange(sleep, 3L, 10L);
        Assert.InRange(sleep + shutdown, 1L, pod.TerminationGracePeriodSeconds!.Value - 3);
    }

    [Fact]
    public void WireGuard_UDP_goes_only_to_the_Lease_holder_through_endpoints_it_writes_itself()
    {
        var services = Objects.Value.OfType<V1Service>().ToDictionary(service => service.Metadata.Name);
        var overlay = services["dtaas-wireguard"];
        var role = Objects.Value.OfType<V1Role>().Single();

        // No selector: kube-proxy sends it only where the holder's Endpoints point, one UDP port per domain from DTAAS_WIREGUARD_PORT up.
        Assert.Null(overlay.Spec.Selector);
        Assert.Equal("LoadBalancer", overlay.Spec.Type);
        var first = int.Parse(Silo.Env.Single(e => e.Name == "DTAAS_WIREGUARD_PORT").Value);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => $"wireguard-{i} {first + i}/UDP"), overlay.Spec.Ports.Select(p => $"{p.Name} {p.Port}/{p.Protocol}"));
        // The gateway Service, which selects every replica, carries no UDP; both share one public address.
        Assert.DoesNotContain(services.Values.Where(s => s.Spec.Selector is not null).SelectMany(s => s.Spec.Ports), p => p.Protocol == "UDP");
        Assert.Equal(services["dtaas-gateway"].Metadata.Annotations["metallb.universe.tf/allow-shared-ip"], overlay.Metadata.Annotations["metallb.universe.tf/allow-shared-ip"]);
        // The holder names its pod by the IP the downward API gives it.
        Assert.Equal("status.podIP", Silo.Env.Single(e => e.Name == "DTAAS_ADVERTISE_ADDRESS").ValueFrom.FieldRef.FieldPath);
        // It may read and rewrite those Endpoints only, and create them (creation cannot be limited to a name).
        var writes = role.Rules.Where(r => r.Resources.Contains("endpoints") && r.Verbs.Intersect(["get", "create", "update", "patch", "delete"]).Any()).ToList();
        Assert.All(writes.Where(r => r.ResourceNames is not { Count: > 0 }), r => Assert.Equal(["create"], r.Verbs));
        Assert.All(writes.Where(r => r.ResourceNames is { Count: > 0 }), r => Assert.Equal(["dtaas-wireguard"], r.ResourceNames));
    }

    /// <summary>Each option's variable and default as <c>--help</c> prints them: what the silo really accepts.</summary>
    private static async Task<Dictionary<string, string>> SiloDefaultsAsync()
    {
        var help = await ProcessRunner.Default.RunAsync("dotnet", [SiloProcess.SiloDll, "--help"], CancellationToken.None);
        return Regex.Matches(help.Stdout, @"env (DTAAS_[A-Z0-9_]+), default (\S+)").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    private static int PortOf(string hostPort) => int.Parse(hostPort[(hostPort.LastIndexOf(':') + 1)..]);
}
