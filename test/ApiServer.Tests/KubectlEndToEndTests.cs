using Dtaas.TestSupport;
using System.Text.Json.Nodes;

namespace Dtaas.ApiServer.Tests;

/// <summary>One server shared by the kubectl tests of a class (each test uses its own object names).</summary>
public sealed class SharedServer : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The acceptance steps of issue 3, driven with the real kubectl and no extra flags.</summary>
public sealed class KubectlEndToEndTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private Kubectl Kubectl => shared.Server.Kubectl;

    [KubectlFact]
    public async Task Apply_examples_then_get_shows_printer_columns_and_yaml_and_describe()
    {
        var apply = await Kubectl.RunAsync("apply", "-f", RepositoryRoot.Examples);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("dtdomain.sid.sightlineinnovation.com/mydomain", apply.Stdout);
        Assert.Contains("service/example-service created", apply.Stdout);

        // Applying again is idempotent for the objects applied once (no spurious changes).
        var again = await Kubectl.RunAsync("apply", "-f", RepositoryRoot.Examples);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("service/example-service unchanged", again.Stdout);
        Assert.Contains("dtapp.sid.sightlineinnovation.com/mydtapp unchanged", again.Stdout);

        var domains = await Kubectl.RunAsync("get", "dtdomains");
        Assert.True(domains.ExitCode == 0, domains.ToString());
        var header = domains.Stdout.Split('\n')[0];
        Assert.Matches(@"^NAME\s+STATUS\s+PEERS\s+AGE", header);
        Assert.Contains("mydomain", domains.Stdout);

        var apps = await Kubectl.RunAsync("get", "dtapps");
        Assert.Matches(@"NAME\s+URI\s+SERVICE\s+DOMAINS\s+AGE", apps.Stdout);
        Assert.Matches(@"mydtapp\s+example-service\s+mydomain", apps.Stdout);

        var yaml = await Kubectl.RunAsync("get", "dtdomain", "mydomain", "-o", "yaml");
        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        Assert.Contains("kind: dtDomain", yaml.Stdout);
        Assert.Contains("namespace: node0", yaml.Stdout);
        Assert.Matches(@"resourceVersion: ""\d+""", yaml.Stdout);
        Assert.Matches(@"uid: [0-9a-f-]{36}", yaml.Stdout);

        var describe = await Kubectl.RunAsync("describe", "dtservices");
        Assert.True(describe.ExitCode == 0, describe.ToString());
        Assert.Matches(@"Pod Selector:\s+my-pod", describe.Stdout);
        Assert.Contains("Events:", describe.Stdout);

        var services = await Kubectl.RunAsync("get", "svc,endpoints");
        Assert.Matches(@"service/example-service\s+ClusterIP", services.Stdout);
        Assert.Contains("10.1.2.3", services.Stdout);
    }

    [KubectlFact]
    public async Task Patch_and_edit_change_the_object_and_what_get_shows()
    {
        await CreateDomainAsync("edited");
        var patch = await Kubectl.RunAsync("patch", "dtdomain", "edited", "--type", "merge", "-p",
            """{"status":"Ready","peers":["ca777327efb4498ab8c8876a6488701e"],"inviteToken":"dG9rZW4="}""");
        Assert.True(patch.ExitCode == 0, patch.ToString());
        var get = await Kubectl.RunAsync("get", "dtdomain", "edited");
        Assert.Matches(@"edited\s+Ready\s+ca777327efb4498ab8c8876a6488701e", get.Stdout);

        // A real `kubectl edit`, with sed as the editor.
        var edit = await Kubectl.RunAsync(["edit", "dtdomain", "edited"],
            new Dictionary<string, string> { ["KUBE_EDITOR"] = "sed -i s/Ready/Failed/" });
        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Contains("edited", edit.Stdout);
        var status = await Kubectl.RunAsync("get", "dtdomain", "edited", "-o", "jsonpath={.status}");
        Assert.Equal("Failed", status.Stdout);

        var json = await Kubectl.RunAsync("patch", "dtdomain", "edited", "--type", "json", "-p",
            """[{"op":"add","path":"/message","value":"why"}]""");
        Assert.True(json.ExitCode == 0, json.ToString());
        var describe = await Kubectl.RunAsync("describe", "dtdomain", "edited");
        Assert.Contains("Invite Token:", describe.Stdout);
        Assert.Contains("Message:", describe.Stdout);
    }

    [KubectlFact]
    public async Task Edit_of_a_core_service_uses_strategic_merge_patch()
    {
        var manifest = WriteManifest("svc.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: edited-svc
            spec:
              ports:
              - port: 8080
                targetPort: 12345
              - port: 9090
            """);
        Assert.Equal(0, (await Kubectl.RunAsync("apply", "-f", manifest)).ExitCode);
        var edit = await Kubectl.RunAsync(["edit", "service", "edited-svc"],
            new Dictionary<string, string> { ["KUBE_EDITOR"] = "sed -i s/port:\\ 8080/port:\\ 8081/" });
        Assert.True(edit.ExitCode == 0, edit.ToString());
        var ports = await Kubectl.RunAsync("get", "service", "edited-svc", "-o", "jsonpath={.spec.ports[*].port}");
        Assert.Equal("8081 9090", ports.Stdout);
    }

    [KubectlFact]
    public async Task Get_watch_sees_a_change()
    {
        await CreateDomainAsync("watched");
        using var watch = Kubectl.StartBackground("get", "dtdomains", "watched", "-w");
        Assert.True(await watch.WaitForAsync(o => o.Contains("watched"), TimeSpan.FromSeconds(20)), watch.Stdout + watch.Stderr);
        var patch = await Kubectl.RunAsync("patch", "dtdomain", "watched", "--type", "merge", "-p", """{"status":"Joining"}""");
        Assert.True(patch.ExitCode == 0, patch.ToString());
        Assert.True(await watch.WaitForAsync(o => o.Contains("Joining"), TimeSpan.FromSeconds(20)), watch.Stdout + watch.Stderr);
    }

    [KubectlFact]
    public async Task Delete_removes_the_object_and_finalizers_hold_it()
    {
        await CreateDomainAsync("doomed");
        var delete = await Kubectl.RunAsync("delete", "dtdomain", "doomed");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var gone = await Kubectl.RunAsync("get", "dtdomain", "doomed");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr);

        await CreateDomainAsync("held");
        Assert.Equal(0, (await Kubectl.RunAsync("patch", "dtdomain", "held", "--type", "merge", "-p", """{"metadata":{"finalizers":["dtaas/cleanup"]}}""")).ExitCode);
        var held = await Kubectl.RunAsync("delete", "dtdomain", "held", "--wait=false");
        Assert.True(held.ExitCode == 0, held.ToString());
        var marked = await Kubectl.RunAsync("get", "dtdomain", "held", "-o", "jsonpath={.metadata.deletionTimestamp}");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT", marked.Stdout);
        Assert.Equal(0, (await Kubectl.RunAsync("patch", "dtdomain", "held", "--type", "json", "-p", """[{"op":"remove","path":"/metadata/finalizers"}]""")).ExitCode);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "dtdomain", "held")).ExitCode);
    }

    [KubectlFact]
    public async Task A_malformed_dtDomain_is_refused_naming_the_field()
    {
        var manifest = WriteManifest("bad.yaml", """
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtDomain
            metadata:
              name: bad
            spec:
              peer:
                address: 12345
                inviteToken: abc
            """);
        var apply = await Kubectl.RunAsync("apply", "-f", manifest);
        Assert.NotEqual(0, apply.ExitCode);
        Assert.Contains("spec.peer.address", apply.Stderr);
        Assert.Contains("must be of type string", apply.Stderr);

        var unknown = WriteManifest("unknown.yaml", """
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtDomain
            metadata:
              name: unknown-field
            spec:
              peers: oops
            """);
        var strict = await Kubectl.RunAsync("apply", "-f", unknown);
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("unknown field \"spec.peers\"", strict.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "dtdomain", "bad")).ExitCode);
    }

    [KubectlFact]
    public async Task A_user_and_a_servable_apply_and_a_servable_of_no_known_type_is_refused_naming_the_field()
    {
        var apply = await Kubectl.RunAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "dtuser.yaml"), "-f", Path.Combine(RepositoryRoot.Examples, "dtservable.yaml"));
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("dtuser.sid.sightlineinnovation.com/alice", apply.Stdout);

        var servables = await Kubectl.RunAsync("get", "dtservables");
        Assert.Matches(@"NAME\s+TYPE\s+OWNER\s+URI\s+STATUS\s+AGE", servables.Stdout);
        Assert.Matches(@"churn-model\s+Model\s+alice", servables.Stdout);

        var manifest = WriteManifest("notebook.yaml", """
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtServable
            metadata:
              name: notebook
            spec:
              type: Notebook
              owner: alice
            """);
        var bad = await Kubectl.RunAsync("apply", "-f", manifest);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("spec.type: Unsupported value: \"Notebook\"", bad.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "dtservable", "notebook")).ExitCode);
    }

    [KubectlFact]
    public async Task A_wrong_token_gets_401()
    {
        var result = await Kubectl.RunAsync("--token", "wrong", "get", "dtdomains");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.Stderr);
    }

    private async Task CreateDomainAsync(string name)
    {
        var manifest = WriteManifest(name + ".yaml", $"""
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtDomain
            metadata:
              name: {name}
            """);
        var result = await Kubectl.RunAsync("apply", "-f", manifest);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private string WriteManifest(string fileName, string yaml)
    {
        var dir = Path.Combine(shared.Server.Root, "manifests");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }
}

/// <summary>Restart keeps every object, the token and the certificate; old watch versions get 410.</summary>
public sealed class RestartTests
{
    [KubectlFact]
    public async Task Restart_on_the_same_data_directory_keeps_every_object_and_the_token()
    {
        await using var server = await TestServer.StartAsync();
        var apply = await server.Kubectl.RunAsync("apply", "-f", RepositoryRoot.Examples);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var before = await server.Kubectl.RunAsync("get", "dtdomains,dtapps,dtservices,services,endpoints,namespaces", "-A", "-o", "json");
        var token = server.Server.Token;
        var certificate = server.Server.Certificate.Thumbprint;

        await server.RestartAsync();

        Assert.Equal(token, server.Server.Token);
        Assert.Equal(certificate, server.Server.Certificate.Thumbprint);
        var after = await server.Kubectl.RunAsync("get", "dtdomains,dtapps,dtservices,services,endpoints,namespaces", "-A", "-o", "json");
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Equal(Items(before.Stdout), Items(after.Stdout));
        Assert.Contains("\"mydomain\"", after.Stdout);

        // History does not survive a restart: watching from before it is 410 Gone, as after etcd compaction.
        using var http = server.CreateHttpClient();
        var response = await http.GetAsync("/apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains?watch=true&resourceVersion=1");
        Assert.Equal(410, (int)response.StatusCode);
        Assert.Contains("\"reason\":\"Expired\"", await response.Content.ReadAsStringAsync());
    }

    private static string Items(string listJson) => JsonNode.Parse(listJson)!["items"]!.ToJsonString();
}
