using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Issue 13's "the .NET SDK reaches the same operations through grain interfaces": the SDK console (a plain Orleans
/// client, test/SdkConsole) logs in as a dtUser the node's admin made with kubectl, creates a Model and sees it with
/// every capability, and creates, fills, views, lists and deletes a trust, all through the grain interfaces of a real
/// standalone silo; the REST API then shows the same Model. A wrong password is refused.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class SdkObjectsTests(StandaloneNodeFixture node, PackagedSdk packaged) : IClassFixture<StandaloneNodeFixture>
{
    private const string NodeName = "node0.example.org";
    private const string Everything = "DISCOVER,CREATE,READ,UPDATE,DELETE,MANAGE,REQUEST";

    [KubectlFact]
    public Task A_plain_orleans_client_creates_a_model_and_a_trust_through_the_grain_interfaces_and_rest_shows_the_same_model() =>
        WalkAsync(SdkClientTests.ConsoleDll, "alice", "wonderland", "churn");

    /// <summary>Issue 23's "a package": the same program, restored from the packages this checkout packs into a folder feed.</summary>
    [KubectlFact]
    public async Task The_sdk_packed_into_a_folder_feed_and_restored_by_a_separate_program_does_the_same() =>
        await WalkAsync(await packaged.ConsoleDllAsync(), "carol", "christmas", "churn-packaged");

    private async Task WalkAsync(string consoleDll, string user, string password, string modelName)
    {
        await UsersReadyAsync();

        var (exit, stdout, stderr) = await SdkClientTests.RunConsoleDllAsync(consoleDll, node.Silo.DataDirectory, "objects", user, password, modelName, $"bob@{NodeName}");

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}\nsilo:\n{node.Silo.Output}");
        var lines = stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(["node", "login", "created", "listed", "listed-across-domains", "unreachable", "read",
            "trust-created", "trust-member-added", "trust-viewed", "trusts-listed", "trust-deleted", "trusts-listed"], lines.Select(l => l.Split(' ')[0]));
        Assert.Matches($"^login {user}@{NodeName} [0-9a-f]{{32}}$", lines[1]);
        var model = Assert.Single(Regex.Matches(lines[2], $"^created Model ([0-9a-f]{{32}}) {modelName} {Everything}$")).Groups[1].Value;
        Assert.Equal($"listed Model {model} {modelName} {Everything}", lines[3]);
        Assert.Equal($"listed-across-domains Model {model} {modelName} {Everything}", lines[4]);
        Assert.Equal("unreachable -", lines[5]);
        Assert.Equal($"read Model {model} {modelName} {Everything} owner {user}", lines[6]);

        var trust = Assert.Single(Regex.Matches(lines[7], $"^trust-created ([0-9a-f]{{32}}) sdk-trust trustees {user}@{NodeName} members - version 1$")).Groups[1].Value;
        Assert.Matches($"^trust-member-added {trust} sdk-trust trustees {user}@{NodeName} members bob@{NodeName} version \\d+$", lines[8]);
        Assert.Equal(lines[8].Replace("trust-member-added", "trust-viewed"), lines[9]);
        Assert.Equal($"trusts-listed {trust}", lines[10]);
        Assert.Equal($"trust-deleted {trust}", lines[11]);
        Assert.Equal("trusts-listed -", lines[12]);

        // The same Model through the REST API, as the same user with a bearer token.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.Silo.GatewayPort}/") };
        using var login = await http.PostAsync("v1/login", JsonContent.Create(new { username = user, password }));
        var token = JsonNode.Parse(await login.Content.ReadAsStringAsync())!;
        Assert.True(login.StatusCode == HttpStatusCode.OK, token.ToJsonString());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["access_token"]!.GetValue<string>());
        var listed = JsonNode.Parse(await http.GetStringAsync("v1/models"))!;
        var item = Assert.Single(listed["items"]!.AsArray())!;
        Assert.Equal((model, "Model", modelName, NodeName, Everything),
            (item["id"]!.GetValue<string>(), item["type"]!.GetValue<string>(), item["name"]!.GetValue<string>(), item["node"]!.GetValue<string>(),
                string.Join(',', item["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()))));
        Assert.Empty(JsonNode.Parse(await http.GetStringAsync("v1/trusts"))!["items"]!.AsArray());
    }

    /// <summary>Issue 23's "subscribe": the console subscribes, kubectl applies and deletes a dtApp, and the console prints what it heard.</summary>
    [KubectlFact]
    public async Task A_subscribed_client_hears_a_dtApp_that_kubectl_applies_and_deletes()
    {
        var ready = Path.Combine(Path.GetTempPath(), "dtaas-watch-" + Guid.NewGuid().ToString("N"));
        try
        {
            var watching = SdkClientTests.RunConsoleAsync(node.Silo.DataDirectory, "watch", "watched", ready);
            await Eventually.Until(() => Task.FromResult(File.Exists(ready) || watching.IsCompleted), done => done, TimeSpan.FromSeconds(30), "the console subscribed");
            if (watching.IsCompleted)
            {
                Assert.Fail($"the console ended before it subscribed: {await watching}");
            }

            var apply = await node.Kubectl.RunAsync("apply", "-f", node.Manifest("watched.yaml", AppKubectl.AppManifest("watched", "example-service", "authenticationType: None")));
            Assert.True(apply.ExitCode == 0, apply.ToString());
            var delete = await node.Kubectl.RunAsync("delete", "dtapp", "watched");
            Assert.True(delete.ExitCode == 0, delete.ToString());

            var (exit, stdout, stderr) = await watching;
            Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}\nsilo:\n{node.Silo.Output}");
            var changes = stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).Skip(1).ToArray();
            Assert.Equal("change Added dtapps default/watched", changes[0]);
            Assert.Equal("change Deleted dtapps default/watched", changes[^1]);
            Assert.All(changes[1..^1], line => Assert.Equal("change Modified dtapps default/watched", line));
        }
        finally
        {
            File.Delete(ready);
        }
    }

    /// <summary>Issue 23's writes through grains: stored through the API (kubectl sees it at once) and refused with the API's own message.</summary>
    [KubectlFact]
    public async Task A_client_publishes_a_dtApp_through_its_grain_that_kubectl_shows_and_deletes_it_and_gets_the_apis_refusal()
    {
        var (exit, stdout, stderr) = await SdkClientTests.RunConsoleAsync(node.Silo.DataDirectory, "publish", "published", "example-service");

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        var lines = stdout.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.StartsWith("refused 422 ", lines[1]);
        Assert.Contains("Bogus", lines[1]);
        Assert.Equal("applied 201 published", lines[2]);
        var shown = await node.Kubectl.RunAsync("get", "dtapp", "published", "-o", "jsonpath={.serviceSelector.name}");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Equal("example-service", shown.Stdout);

        (exit, stdout, stderr) = await SdkClientTests.RunConsoleAsync(node.Silo.DataDirectory, "unpublish", "published");

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        Assert.Equal("deleted 200 published", stdout.Trim().Split('\n')[^1].TrimEnd('\r'));
        await Eventually.Until(() => node.Kubectl.RunAsync("get", "dtapp", "published"), r => r.ExitCode != 0 && r.ToString().Contains("NotFound"),
            TimeSpan.FromSeconds(30), "dtApp published gone");
    }

    [KubectlFact]
    public async Task A_wrong_password_is_refused_and_nothing_is_done()
    {
        await UsersReadyAsync();

        var (exit, stdout, stderr) = await SdkClientTests.RunConsoleAsync(node.Silo.DataDirectory, "objects", "alice", "not-her-password", "refused", $"bob@{NodeName}");

        Assert.True(exit == 3, $"exit {exit}: {stdout}{stderr}");
        Assert.Contains("login refused: wrong username or password for alice", stderr);
        Assert.Equal("node", Assert.Single(stdout.Trim().Split('\n')).Split(' ')[0]);
    }

    /// <summary>alice, bob and carol with their password Secrets, applied with kubectl as the node's admin would (again: apply is idempotent), and Ready.</summary>
    private async Task UsersReadyAsync()
    {
        var manifest = string.Join("---\n", new[] { (Name: "alice", Password: "wonderland"), (Name: "bob", Password: "builder"), (Name: "carol", Password: "christmas") }.Select(u => $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: {u.Name}-password
            stringData:
              password: {u.Password}
            ---
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtUser
            metadata:
              name: {u.Name}
            spec:
              passwordSecretRef:
                name: {u.Name}-password
                key: password

            """));
        var apply = await node.Kubectl.RunAsync("apply", "-f", node.Manifest("users.yaml", manifest));
        Assert.True(apply.ExitCode == 0, apply.ToString());
        foreach (var user in new[] { "alice", "bob", "carol" })
        {
            await Eventually.Until(async () => (await node.Kubectl.RunAsync("get", "dtuser", user, "-o", "jsonpath={.status}")).Stdout,
                status => status == "Ready", TimeSpan.FromSeconds(30), $"dtUser {user} Ready");
        }
    }
}
