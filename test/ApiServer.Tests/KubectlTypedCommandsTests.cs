using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dtaas.TestSupport;

namespace Dtaas.ApiServer.Tests;

/// <summary>
/// kubectl's typed commands (create namespace/secret/configmap/service, expose, auth) send and read Kubernetes protobuf
/// for built-in kinds: the real kubectl against the standalone API, with its own output checked.
/// </summary>
public sealed class KubectlTypedCommandsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private Kubectl Kubectl => shared.Server.Kubectl;

    [KubectlFact]
    public async Task Create_namespace_then_delete_it()
    {
        await RunOkAsync("namespace/team-a created", "create", "namespace", "team-a");
        var get = await RunOkAsync(null, "get", "namespace", "team-a");
        Assert.Matches(@"team-a\s+Active", get.Stdout);
        await RunOkAsync("namespace \"team-a\" deleted", "delete", "namespace", "team-a");
    }

    [KubectlFact]
    public async Task Create_secret_generic_holds_the_literal_and_get_shows_type_and_data_count()
    {
        await RunOkAsync("secret/alice-password created", "create", "secret", "generic", "alice-password", "--from-literal=password=s3cr3t-Pa55");
        var value = await RunOkAsync(null, "get", "secret", "alice-password", "-o", "jsonpath={.data.password}");
        Assert.Equal("s3cr3t-Pa55", Encoding.UTF8.GetString(Convert.FromBase64String(value.Stdout)));
        var get = await RunOkAsync(null, "get", "secret", "alice-password");
        Assert.Matches(@"NAME\s+TYPE\s+DATA\s+AGE", get.Stdout);
        Assert.Matches(@"alice-password\s+Opaque\s+1\s+", get.Stdout);

        var again = await Kubectl.RunAsync("create", "secret", "generic", "alice-password", "--from-literal=password=x");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("secrets \"alice-password\" already exists", again.Stderr);
    }

    [KubectlFact]
    public async Task Create_secret_tls_and_docker_registry()
    {
        var dir = Directory.CreateDirectory(Path.Combine(shared.Server.Root, "tls")).FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=web.example", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(Path.Combine(dir, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        await RunOkAsync("secret/web-tls created", "create", "secret", "tls", "web-tls",
            "--cert", Path.Combine(dir, "tls.crt"), "--key", Path.Combine(dir, "tls.key"));
        var tls = await RunOkAsync(null, "get", "secret", "web-tls");
        Assert.Matches(@"web-tls\s+kubernetes.io/tls\s+2\s+", tls.Stdout);
        var crt = await RunOkAsync(null, "get", "secret", "web-tls", "-o", "jsonpath={.data.tls\\.crt}");
        Assert.Equal(certificate.ExportCertificatePem().Trim(), Encoding.UTF8.GetString(Convert.FromBase64String(crt.Stdout)).Trim());

        await RunOkAsync("secret/registry created", "create", "secret", "docker-registry", "registry",
            "--docker-server=registry.example", "--docker-username=bob", "--docker-password=hunter2");
        var registry = await RunOkAsync(null, "get", "secret", "registry", "-o", "jsonpath={.type} {.data.\\.dockerconfigjson}");
        var parts = registry.Stdout.Split(' ');
        Assert.Equal("kubernetes.io/dockerconfigjson", parts[0]);
        Assert.Contains("\"registry.example\"", Encoding.UTF8.GetString(Convert.FromBase64String(parts[1])));
    }

    [KubectlFact]
    public async Task Create_configmap_from_literals_and_a_file_then_get_and_watch()
    {
        var file = Path.Combine(shared.Server.Root, "settings.ini");
        File.WriteAllText(file, "[core]\nmode=fast\n");
        await RunOkAsync("configmap/settings created", "create", "configmap", "settings", "--from-literal=a=b", "--from-file", file);
        var get = await RunOkAsync(null, "get", "cm", "settings");
        Assert.Matches(@"NAME\s+DATA\s+AGE", get.Stdout);
        Assert.Matches(@"settings\s+2\s+", get.Stdout);
        var data = await RunOkAsync(null, "get", "configmap", "settings", "-o", "jsonpath={.data.a}/{.data.settings\\.ini}");
        Assert.Equal("b/[core]\nmode=fast\n", data.Stdout);

        var explain = await RunOkAsync(null, "explain", "configmap.data");
        Assert.Contains("Data contains the configuration data.", explain.Stdout);

        using var watch = Kubectl.StartBackground("get", "configmaps", "-w");
        Assert.True(await watch.WaitForAsync(o => o.Contains("settings"), TimeSpan.FromSeconds(20)), watch.Stdout + watch.Stderr);
        await RunOkAsync("configmap/second created", "create", "configmap", "second", "--from-literal=x=y");
        Assert.True(await watch.WaitForAsync(o => o.Contains("second"), TimeSpan.FromSeconds(20)), watch.Stdout + watch.Stderr);
    }

    [KubectlFact]
    public async Task Create_service_clusterip_then_expose_it()
    {
        await RunOkAsync("service/web created", "create", "service", "clusterip", "web", "--tcp=80:8080");
        var ports = await RunOkAsync(null, "get", "service", "web", "-o", "jsonpath={.spec.ports[0].port}:{.spec.ports[0].targetPort} {.spec.selector.app}");
        Assert.Equal("80:8080 web", ports.Stdout);

        await RunOkAsync("service/web-public exposed", "expose", "service", "web", "--name=web-public", "--port=81", "--target-port=http");
        var exposed = await RunOkAsync(null, "get", "service", "web-public", "-o", "jsonpath={.spec.ports[0].port}:{.spec.ports[0].targetPort} {.spec.selector.app}");
        Assert.Equal("81:http web", exposed.Stdout);
    }

    [KubectlFact]
    public async Task Auth_can_i_and_whoami_answer_for_the_admin_token()
    {
        var canI = await RunOkAsync(null, "auth", "can-i", "create", "dtdomains");
        Assert.Equal("yes", canI.Stdout.Trim());
        var secrets = await RunOkAsync(null, "auth", "can-i", "delete", "secrets", "--namespace", "kube-system");
        Assert.Equal("yes", secrets.Stdout.Trim());
        var list = await RunOkAsync(null, "auth", "can-i", "--list");
        Assert.Matches(@"\*\.\*\s+\[\]\s+\[\]\s+\[\*\]", list.Stdout);

        var whoami = await RunOkAsync(null, "auth", "whoami");
        Assert.Matches(@"Username\s+dtaas-admin", whoami.Stdout);
        Assert.Matches(@"Groups\s+\[system:masters system:authenticated\]", whoami.Stdout);
    }

    [KubectlFact]
    public async Task Get_all_and_get_dtaas_list_the_dt_kinds()
    {
        await RunOkAsync(null, "apply", "-f", Path.Combine(RepositoryRoot.Examples, "dtdomain.yaml"));
        await RunOkAsync(null, "create", "service", "clusterip", "all-svc", "--tcp=80:80");
        await RunOkAsync(null, "create", "configmap", "not-in-all", "--from-literal=a=b");

        var all = await RunOkAsync(null, "get", "all");
        Assert.Contains("service/all-svc", all.Stdout);
        Assert.Contains("dtdomain.sid.sightlineinnovation.com/mydomain", all.Stdout);
        Assert.DoesNotContain("not-in-all", all.Stdout);
        Assert.DoesNotContain("dtsilo", all.Stdout);

        var dtaas = await RunOkAsync(null, "get", "dtaas");
        Assert.Contains("dtdomain.sid.sightlineinnovation.com/mydomain", dtaas.Stdout);
        Assert.DoesNotContain("all-svc", dtaas.Stdout);
    }

    [KubectlFact]
    public async Task Kubectl_events_lists_and_watches_in_protobuf()
    {
        // kubectl events reads EventList and watches Events through client-go's typed client: protobuf both ways,
        // the watch as length-prefixed frames.
        await ApplyEventAsync("first-event", "hello");
        var list = await RunOkAsync(null, "events");
        Assert.Matches(@"Normal\s+Tested\s+Secret/s\s+hello", list.Stdout);

        using var watch = Kubectl.StartBackground("events", "--watch");
        Assert.True(await watch.WaitForAsync(o => o.Contains("hello"), TimeSpan.FromSeconds(20)), watch.Stdout + watch.Stderr);
        await ApplyEventAsync("second-event", "again");
        Assert.True(await watch.WaitForAsync(o => o.Contains("again"), TimeSpan.FromSeconds(20)), watch.Stdout + watch.Stderr);
    }

    private async Task ApplyEventAsync(string name, string message)
    {
        var path = Path.Combine(shared.Server.Root, name + ".yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Event
            metadata:
              name: {name}
            involvedObject:
              kind: Secret
              name: s
              namespace: node0
            reason: Tested
            message: {message}
            type: Normal
            count: 1
            firstTimestamp: "{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}"
            lastTimestamp: "{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}"
            """);
        await RunOkAsync($"event/{name} created", "apply", "-f", path);
    }

    private async Task<KubectlResult> RunOkAsync(string? expected, params string[] args)
    {
        var result = await Kubectl.RunAsync(args);
        Assert.True(result.ExitCode == 0, string.Join(' ', args) + "\n" + result);
        if (expected is not null)
        {
            Assert.Contains(expected, result.Stdout);
        }
        return result;
    }
}
