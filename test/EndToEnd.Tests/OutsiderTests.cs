using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Dtaas.TestSupport;
using Dtaas.TestSupport.Web;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Issue 20's outsider on one standalone node, the way anyone on the network would try: guessing alice's password with
/// curl (429 with Retry-After while alice logs in from another address at once), a 20 MB body (413, unread), a forged
/// X-Dtaas-User on a dtApp request (the app answers as always), logout, and a new password (made with
/// <c>dtaas-silo hash-password</c>, applied with kubectl) ending the tokens issued before. Loopback gives the sources:
/// 127.0.0.1 and 127.0.0.3.. reach the gateway on 127.0.0.1 as distinct peers.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class OutsiderTests(StandaloneNodeFixture node) : IClassFixture<StandaloneNodeFixture>
{
    private string Gateway => $"http://127.0.0.1:{node.Silo.GatewayPort}";

    [KubectlFact]
    public async Task Guessing_gets_429_with_Retry_After_after_five_tries_while_the_real_user_logs_in_from_elsewhere()
    {
        await UserAsync("alice", await HashAsync("wonderland"));
        using var attack = new CancellationTokenSource();
        var guesses = GuessAsync("alice", "127.0.0.3", attack.Token);

        // During the attack, from another address, at once.
        await Eventually.Until(() => Task.FromResult(node.Silo.Output), o => o.Contains("of alice from 127.0.0.3 blocked"), TimeSpan.FromSeconds(30),
            "the guessing address to be blocked");
        using var honest = HttpFrom(IPAddress.Parse("127.0.0.4"));
        var (status, body, _) = await LoginAsync(honest, "alice", "wonderland");
        Assert.True(status == HttpStatusCode.OK, body);
        await attack.CancelAsync();
        var answers = await guesses;

        Assert.Equal(Enumerable.Repeat("401", 5), answers.Take(5).Select(a => a.Status));
        Assert.Equal(("429", "60"), answers[5]);
        Assert.All(answers.Skip(5), a => Assert.True(a.Status == "429" && int.Parse(a.RetryAfter) is > 0 and <= 60, $"{a}"));
        // One line when the block starts, not one per refused guess.
        Assert.Single(node.Silo.Output.Split('\n'), line => line.Contains("of alice from 127.0.0.3 blocked for 60 s"));
    }

    [KubectlFact]
    public async Task A_20_MB_body_gets_413_without_being_read()
    {
        var file = Path.Combine(node.Root, "20mb.json");
        await File.WriteAllBytesAsync(file, new byte[20 * 1024 * 1024]);

        var (exit, stdout, stderr) = await CurlAsync("-s", "-w", "\n%{http_code} %{size_upload}", "-H", "Content-Type: application/json", "--data-binary", $"@{file}",
            $"{Gateway}/v1/login");

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n');
        Assert.Equal("""{"error":"the request body is above 1048576 bytes"}""", lines[0]);
        var (code, uploaded) = (lines[1].Split(' ')[0], long.Parse(lines[1].Split(' ')[1]));
        Assert.Equal("413", code);
        Assert.True(uploaded < 1024 * 1024, $"curl sent {uploaded} bytes"); // curl waited for 100-continue and got the answer instead
    }

    [KubectlFact]
    public async Task A_forged_X_Dtaas_User_on_a_dtApp_request_reaches_the_app_as_any_request()
    {
        await using var web = await TestWebService.StartAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var port = web.Address.Port;
        await ApplyAsync("app.yaml", $"""
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtDomain
            metadata:
              name: outsiders
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: echo
            spec:
              ports:
              - protocol: TCP
                port: 8080
                targetPort: {port}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: echo
            subsets:
            - addresses:
              - ip: 127.0.0.1
              ports:
              - port: {port}
            ---
            {AppKubectl.AppManifest("echo", "echo", "authenticationType: None", "outsiders")}
            """);
        var uri = await Eventually.Until(async () => (await node.Kubectl.RunAsync("get", "dtapp", "echo", "-o", "jsonpath={.URI}")).Stdout,
            u => u.Contains("://", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "dtApp echo's URI");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Gateway}/echo/");
        request.Headers.Host = new Uri(uri).Host;
        request.Headers.TryAddWithoutValidation("X-Dtaas-User", "alice");
        request.Headers.TryAddWithoutValidation("X-Dtaas-User-Id", "0123456789abcdef0123456789abcdef");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");

        using var response = await Eventually.Until(async () => await http.SendAsync(Clone(request)), r => r.StatusCode != HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "the app at its URI");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var echo = TestWebService.ReadEcho(text);
        Assert.DoesNotContain(echo.Headers.Keys, name => name.StartsWith("X-Dtaas-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("127.0.0.1", echo.Headers["X-Forwarded-For"]);
    }

    [KubectlFact]
    public async Task Logout_ends_the_token_and_a_new_password_ends_every_token_issued_before()
    {
        await UserAsync("carol", await HashAsync("first password"));
        using var http = new HttpClient();
        var (_, _, laptop) = await LoginAsync(http, "carol", "first password");
        var (_, _, phone) = await LoginAsync(http, "carol", "first password");

        Assert.Equal(HttpStatusCode.NoContent, await CallAsync(http, HttpMethod.Post, "/v1/logout", laptop!));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(http, HttpMethod.Get, "/v1/whoami", laptop!));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(http, HttpMethod.Get, "/v1/whoami", phone!));

        await UserAsync("carol", await HashAsync("second password"));
        await Eventually.Until(() => CallAsync(http, HttpMethod.Get, "/v1/whoami", phone!), s => s == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(10),
            "the token from before the new password to end");
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(http, "carol", "first password")).Status);
        var (status, body, _) = await LoginAsync(http, "carol", "second password");
        Assert.True(status == HttpStatusCode.OK, body);
    }

    /// <summary>Password guesses from <paramref name="source"/> with curl, one after another as fast as they come back, until cancelled (500 at most).</summary>
    private async Task<List<(string Status, string RetryAfter)>> GuessAsync(string username, string source, CancellationToken cancellationToken)
    {
        var answers = new List<(string, string)>();
        for (var i = 0; i < 500 && !cancellationToken.IsCancellationRequested; i++)
        {
            var (exit, stdout, stderr) = await CurlAsync("-s", "-o", "/dev/null", "--interface", source, "-w", "%{http_code} %header{retry-after}",
                "-H", "Content-Type: application/json", "-d", $$"""{"username":"{{username}}","password":"guess{{i}}"}""", $"{Gateway}/v1/login");
            Assert.True(exit == 0, stderr);
            var parts = stdout.Split(' ');
            answers.Add((parts[0], parts.Length > 1 ? parts[1] : ""));
        }
        return answers;
    }

    private static async Task<string> HashAsync(string password)
    {
        var result = await ProcessRunner.Default.RunAsync("dotnet", [SiloProcess.SiloDll, "hash-password"], CancellationToken.None, standardInput: password + "\n");
        Assert.True(result.ExitCode == 0, result.ToString());
        var hash = result.Stdout.Trim();
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", hash);
        return hash;
    }

    /// <summary>The user and its Secret (key passwordHash) applied with kubectl, and Ready.</summary>
    private async Task UserAsync(string name, string hash)
    {
        await ApplyAsync($"user-{name}.yaml", $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: {name}-password
            stringData:
              passwordHash: '{hash}'
            ---
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtUser
            metadata:
              name: {name}
            spec:
              passwordSecretRef:
                name: {name}-password
                key: passwordHash

            """);
        await Eventually.Until(async () => (await node.Kubectl.RunAsync("get", "dtuser", name, "-o", "jsonpath={.status}")).Stdout, s => s == "Ready",
            TimeSpan.FromSeconds(30), $"dtUser {name} Ready");
    }

    private async Task ApplyAsync(string file, string yaml)
    {
        var apply = await node.Kubectl.RunAsync("apply", "-f", node.Manifest(file, yaml));
        Assert.True(apply.ExitCode == 0, apply.ToString());
    }

    private async Task<(HttpStatusCode Status, string Body, string? Token)> LoginAsync(HttpClient http, string username, string password)
    {
        using var response = await http.PostAsync($"{Gateway}/v1/login",
            new StringContent($$"""{"username":"{{username}}","password":"{{password}}"}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body, response.IsSuccessStatusCode ? JsonNode.Parse(body)!["access_token"]!.GetValue<string>() : null);
    }

    private async Task<HttpStatusCode> CallAsync(HttpClient http, HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, $"{Gateway}{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static Task<ProcessResult> CurlAsync(params string[] arguments) => ProcessRunner.Default.RunAsync("curl", arguments, CancellationToken.None);

    private static HttpRequestMessage Clone(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }
        return copy;
    }

    private static HttpClient HttpFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });
}
