using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>What a user does with kubectl on a standalone node (issue 3's acceptance), against the real silo process.</summary>
[Collection(nameof(EndToEndCollection))]
public sealed class KubectlOnStandaloneNodeTests(StandaloneNodeFixture node) : IClassFixture<StandaloneNodeFixture>
{
    private Kubectl Kubectl => node.Kubectl;

    private async Task<string> Field(string name, string jsonPath)
    {
        var result = await Kubectl.RunAsync("get", "dtdomain", name, "-o", $"jsonpath={jsonPath}");
        return result.ExitCode == 0 ? result.Stdout : result.ToString();
    }

    private Task<string> ReadyStatus(string name) =>
        Eventually.Until(() => Field(name, "{.status}"), s => s == "Ready", what: $"dtDomain {name} Ready");

    private async Task ApplyDomain(string name) =>
        Assert.Equal(0, (await Kubectl.RunAsync("apply", "-f", node.Manifest($"{name}.yaml", $"""
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtDomain
            metadata:
              name: {name}
            """))).ExitCode);

    [KubectlFact]
    public async Task The_examples_apply_unchanged_and_the_domain_gets_its_invite_token()
    {
        var apply = await Kubectl.RunAsync("apply", "-f", RepositoryRoot.Examples);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("dtdomain.sid.sightlineinnovation.com/mydomain", apply.Stdout);
        Assert.Contains("service/example-service", apply.Stdout);

        await ReadyStatus("mydomain");
        var describe = await Kubectl.RunAsync("describe", "dtdomains", "mydomain");
        Assert.Matches(@"Invite Token:\s+\S{100,}", describe.Stdout);
        Assert.Matches(@"Status:\s+Ready", describe.Stdout);
        await Eventually.Until(async () => (await Kubectl.RunAsync("describe", "dtdomains", "mydomain")).Stdout,
            o => System.Text.RegularExpressions.Regex.IsMatch(o, @"Normal\s+InviteTokenIssued"), what: "the InviteTokenIssued event in describe");

        var table = await Kubectl.RunAsync("get", "dtdomains");
        Assert.Matches(@"NAME\s+STATUS\s+PEERS\s+AGE", table.Stdout);
        Assert.Matches(@"mydomain\s+Ready", table.Stdout);

        var yaml = await Kubectl.RunAsync("get", "dtdomain", "mydomain", "-o", "yaml");
        Assert.Contains("inviteToken: ", yaml.Stdout);
        Assert.Contains("status: Ready", yaml.Stdout);
    }

    [KubectlFact]
    public async Task Kubectl_edit_keeps_what_the_user_changed_and_the_domain_stays_ready()
    {
        await ApplyDomain("edited");
        await ReadyStatus("edited");
        var token = await Field("edited", "{.inviteToken}");

        var edit = await Kubectl.RunAsync(["edit", "dtdomain", "edited"],
            new Dictionary<string, string> { ["KUBE_EDITOR"] = "sed -i -e 's/^  name: edited$/  name: edited\\n  labels:\\n    team: blue/'" });
        Assert.True(edit.ExitCode == 0, edit.ToString());

        Assert.Equal("blue", await Field("edited", "{.metadata.labels.team}"));
        Assert.Equal(token, await Field("edited", "{.inviteToken}"));
        Assert.Equal("Ready", await Field("edited", "{.status}"));
    }

    [KubectlFact]
    public async Task A_tampered_invite_token_is_replaced_with_a_valid_one()
    {
        await ApplyDomain("tampered");
        await ReadyStatus("tampered");
        var patch = await Kubectl.RunAsync("patch", "dtdomain", "tampered", "--type=merge", "-p", "{\"inviteToken\":\"bm90LWEtdG9rZW4=\"}");
        Assert.True(patch.ExitCode == 0, patch.ToString());

        var token = await Eventually.Until(() => Field("tampered", "{.inviteToken}"), t => t.Length > 100, what: "a new token");
        Assert.StartsWith("ZHQB", token); // "dt" magic and version 1, base64
    }

    [KubectlFact]
    public async Task Watch_sees_a_new_domain_become_ready_and_delete_removes_it()
    {
        using var watch = Kubectl.StartBackground("get", "dtdomains", "-w");
        await ApplyDomain("watched");
        Assert.True(await watch.WaitForAsync(o => System.Text.RegularExpressions.Regex.IsMatch(o, @"watched\s+Ready"), TimeSpan.FromSeconds(20)), watch.Stdout + watch.Stderr);

        var delete = await Kubectl.RunAsync("delete", "dtdomain", "watched", "--wait=false");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var gone = await Eventually.Until(() => Kubectl.RunAsync("get", "dtdomain", "watched"), r => r.ExitCode != 0, what: "deletion");
        Assert.Contains("NotFound", gone.Stderr);
    }

    [KubectlFact]
    public async Task A_malformed_domain_is_refused_naming_the_field()
    {
        var result = await Kubectl.RunAsync("apply", "-f", node.Manifest("bad.yaml", """
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtDomain
            metadata:
              name: bad
            spec:
              peer:
                address: 12
                inviteToken: abc
            """));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.peer.address", result.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "dtdomain", "bad")).ExitCode);
    }

    [KubectlFact]
    public async Task A_join_with_a_token_that_is_not_a_dtaas_token_fails_with_the_reason()
    {
        var seed = File.ReadAllText(Path.Combine(RepositoryRoot.Examples, "dtdomain-join.yaml")).Replace("name: mydomain", "name: joiner");
        Assert.Equal(0, (await Kubectl.RunAsync("apply", "-f", node.Manifest("joiner.yaml", seed))).ExitCode);

        await Eventually.Until(() => Field("joiner", "{.status}"), s => s == "Failed", what: "Failed");
        Assert.Contains("spec.peer.inviteToken is not a DTaaS invite token", await Field("joiner", "{.message}"));
        await Eventually.Until(async () => (await Kubectl.RunAsync("describe", "dtdomain", "joiner")).Stdout,
            o => System.Text.RegularExpressions.Regex.IsMatch(o, @"Warning\s+JoinRefused"), what: "the JoinRefused event in describe");
        Assert.Equal("", await Field("joiner", "{.inviteToken}"));
    }

    [KubectlFact]
    public async Task The_readme_user_made_with_kubectl_create_secret_generic_logs_in()
    {
        // README "Users, servables and the /v1 API": the Secret from kubectl's typed generator (sent as protobuf).
        var secret = await Kubectl.RunAsync("create", "secret", "generic", "carol-password", "--from-literal=password=correct-horse-battery-staple");
        Assert.True(secret.ExitCode == 0, secret.ToString());
        Assert.Contains("secret/carol-password created", secret.Stdout);
        var user = await Kubectl.RunAsync("apply", "-f", node.Manifest("carol.yaml", """
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtUser
            metadata:
              name: carol
            spec:
              passwordSecretRef:
                name: carol-password
                key: password
            """));
        Assert.True(user.ExitCode == 0, user.ToString());
        await Eventually.Until(async () => (await Kubectl.RunAsync("get", "dtuser", "carol", "-o", "jsonpath={.status}")).Stdout,
            s => s == "Ready", what: "dtUser carol Ready");

        using var http = new HttpClient();
        using var login = await http.PostAsync(new Uri($"http://127.0.0.1:{node.Silo.GatewayPort}/v1/login"),
            new StringContent("""{"username":"carol","password":"correct-horse-battery-staple"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("access_token", await login.Content.ReadAsStringAsync());

        var all = await Kubectl.RunAsync("get", "dtaas");
        Assert.Contains("dtuser.sid.sightlineinnovation.com/carol", all.Stdout);
        Assert.Equal("yes", (await Kubectl.RunAsync("auth", "can-i", "create", "dtusers")).Stdout.Trim());
    }

    [KubectlFact]
    public async Task Without_the_token_the_api_answers_401()
    {
        var wrong = node.Manifest("wrong-kubeconfig", File.ReadAllText(node.Silo.Kubeconfig)
            .Replace(File.ReadAllText(Path.Combine(node.Silo.DataDirectory, "apiserver-token")).Trim(), "wrong-token"));
        var result = await new Kubectl(wrong, Path.Combine(node.Root, "home")).RunAsync("get", "dtdomains");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unauthorized", result.Stderr);
    }
}
