using System.Diagnostics;
using System.Text.Json.Nodes;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// An outsider's view of the public gateway over TLS, on one standalone node in its own namespace: curl and python
/// <c>requests</c> trust the node's self-signed certificate (kept in the data directory) and log in over HTTPS (HTTP/2
/// and HTTP/1.1); a dtApp answers at its <c>https://</c> URI on the TLS port; the plain port answers a login or a
/// token from beyond loopback with 308 to the TLS port, and still serves loopback and dtApp traffic as before.
/// Requests go to the node's own address from inside its namespace, so their source is not loopback.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class GatewayTlsTests : IAsyncLifetime
{
    private const int WebPort = 18080;
    private SiloTopology? _topology;
    private Process? _web;

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        _topology = await SiloTopology.StartAsync(1);
        var node = _topology[0];
        await node.ApplyManifestAsync("user-alice", """
            apiVersion: v1
            kind: Secret
            metadata:
              name: alice-password
            stringData:
              password: wonderland
            ---
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtUser
            metadata:
              name: alice
            spec:
              passwordSecretRef:
                name: alice-password
                key: password

            """);
        var site = Directory.CreateDirectory(Path.Combine(_topology.Root, "site"));
        await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), "hello over tls\n");
        _web = Process.Start(new ProcessStartInfo(IpCommand.Executable, ["netns", "exec", node.Node.Netns, "python3", "-m", "http.server",
            WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1"])
        {
            WorkingDirectory = site.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await node.ApplyServiceAsync("web", "127.0.0.1", WebPort);
        await node.ApplyAppAsync("site", "web", "authenticationType: None");
    }

    public async Task DisposeAsync()
    {
        if (_web is not null)
        {
            _web.Kill(entireProcessTree: true);
            await _web.WaitForExitAsync();
            _web.Dispose();
        }
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }

    private NetnsSilo Node => _topology![0];

    private string Certificate => Path.Combine(Node.DataDirectory, "gateway-tls.crt");

    /// <summary>The node's name (and its apps' names) resolve to its own address, as DNS would send them.</summary>
    private string[] Resolve(string host, int port) => ["--resolve", $"{host}:{port}:{Node.Node.Address}"];

    [NamespaceFact]
    public async Task Curl_trusting_the_nodes_certificate_reaches_healthz_and_logs_in_over_http2_and_http1()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var url = $"https://{Node.NodeName}:{NetnsSilo.TlsGatewayPort}";

        var healthz = await CurlAsync([.. Resolve(Node.NodeName, NetnsSilo.TlsGatewayPort), "--cacert", Certificate, "-w", "\n%{http_version}", $"{url}/healthz"]);
        var http1 = await CurlAsync([.. Resolve(Node.NodeName, NetnsSilo.TlsGatewayPort), "--http1.1", "--cacert", Certificate, "-w", "\n%{http_version}", $"{url}/healthz"]);
        var login = await Eventually.Until(() => CurlAsync([.. Resolve(Node.NodeName, NetnsSilo.TlsGatewayPort), "--cacert", Certificate,
                "-H", "Content-Type: application/json", "--data", """{"username":"alice","password":"wonderland"}""", $"{url}/v1/login"]),
            body => body.Contains("access_token"), TimeSpan.FromSeconds(30), "alice to log in over HTTPS");
        // Without the certificate, curl refuses the self-signed one: it is not any public authority's.
        var untrusted = await _topology!.Network.ExecAsync(0, "curl", ["-sS", .. Resolve(Node.NodeName, NetnsSilo.TlsGatewayPort), $"{url}/healthz"]);

        Assert.Equal("ok\n\n2", healthz);
        Assert.Equal("ok\n\n1.1", http1);
        Assert.NotNull(JsonNode.Parse(login)!["access_token"]);
        Assert.NotEqual(0, untrusted.ExitCode);
    }

    [NamespaceFact]
    public async Task Python_requests_verifying_the_certificate_logs_in_and_calls_v1_with_the_token()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        // requests resolves the name itself: point the node's name at its address for this process.
        var script = $$"""
            import sys, requests, urllib3.util.connection as connection
            original = connection.create_connection
            def to_node(address, *args, **kwargs):
                host, port = address
                return original(("{{Node.Node.Address}}" if host == "{{Node.NodeName}}" else host, port), *args, **kwargs)
            connection.create_connection = to_node
            base = "https://{{Node.NodeName}}:{{NetnsSilo.TlsGatewayPort}}"
            login = requests.post(base + "/v1/login", json={"username": "alice", "password": "wonderland"}, verify="{{Certificate}}")
            login.raise_for_status()
            users = requests.get(base + "/v1/users", headers={"Authorization": "Bearer " + login.json()["access_token"]}, verify="{{Certificate}}")
            print(login.status_code, users.status_code, users.text)
            """;

        var result = await Eventually.Until(() => _topology!.Network.ExecAsync(0, "python3", ["-c", script]), r => r.ExitCode == 0, TimeSpan.FromSeconds(30), "python requests to log in");

        Assert.StartsWith("200 200 {", result.Stdout);
        Assert.Contains("alice", result.Stdout);
    }

    [NamespaceFact]
    public async Task A_dtapp_answers_at_its_https_uri_on_the_tls_port()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var uri = new Uri(await Eventually.Until(() => Node.KubectlCheckedAsync("get", "dtapp", "site", "-o", "jsonpath={.URI}"),
            stdout => stdout.Length > 0, what: "the dtApp's URI"));

        var body = await Eventually.Until(() => _topology!.Network.ExecAsync(0, "curl", ["-sS", .. Resolve(uri.Host, NetnsSilo.TlsGatewayPort), "--cacert", Certificate,
            $"https://{uri.Host}:{NetnsSilo.TlsGatewayPort}/index.html"]), r => r.Stdout == "hello over tls\n", TimeSpan.FromSeconds(30), "the app over HTTPS");

        Assert.Equal("https", uri.Scheme);
        Assert.EndsWith($".{Node.NodeName}", uri.Host);
        Assert.Equal("hello over tls\n", body.Stdout);
    }

    [NamespaceFact]
    public async Task The_plain_port_sends_credentials_from_beyond_loopback_to_https_and_serves_the_rest()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var plain = $"http://{Node.Node.Address}:{NetnsSilo.GatewayPort}";
        string[] login = ["-H", "Content-Type: application/json", "--data", """{"username":"alice","password":"wonderland"}"""];
        string[] answer = ["-o", "/dev/null", "-w", "%{http_code} %{redirect_url}"];

        var byAddress = await CurlAsync([.. answer, .. login, $"{plain}/v1/login"]);
        var byName = await CurlAsync([.. answer, .. login, "-H", $"Host: {Node.NodeName}:{NetnsSilo.GatewayPort}", $"{plain}/v1/login"]);
        var token = await CurlAsync([.. answer, "-H", "Authorization: Bearer x", $"{plain}/v1/users"]);
        var anonymous = await CurlAsync([.. answer, $"{plain}/v1/users"]);
        var loopback = await CurlAsync([.. answer, .. login, $"http://127.0.0.1:{NetnsSilo.GatewayPort}/v1/login"]);
        // Following the redirect (curl keeps the method and body on 308) logs in over TLS.
        var followed = await CurlAsync([.. login, "-L", "--cacert", Certificate, .. Resolve(Node.NodeName, NetnsSilo.TlsGatewayPort),
            .. Resolve(Node.NodeName, NetnsSilo.GatewayPort), $"http://{Node.NodeName}:{NetnsSilo.GatewayPort}/v1/login"]);
        var appId = await Node.AppIdAsync("site");
        var app = await CurlAsync(["-sS", "-H", "Authorization: Bearer x", "-H", $"Host: {appId}.{Node.NodeName}", $"{plain}/v1/login"]);

        Assert.Equal($"308 https://{Node.Node.Address}:{NetnsSilo.TlsGatewayPort}/v1/login", byAddress);
        Assert.Equal($"308 https://{Node.NodeName}:{NetnsSilo.TlsGatewayPort}/v1/login", byName);
        Assert.Equal($"308 https://{Node.Node.Address}:{NetnsSilo.TlsGatewayPort}/v1/users", token);
        Assert.Equal("401 ", anonymous);
        Assert.Equal("200 ", loopback);
        Assert.NotNull(JsonNode.Parse(followed)!["access_token"]);
        // dtApp traffic is the app's, whatever its path and headers: python's server has no /v1/login.
        Assert.Contains("404", app);
    }

    private async Task<string> CurlAsync(string[] arguments)
    {
        var result = await _topology!.Network.ExecAsync(0, "curl", ["-sS", .. arguments]);
        Assert.True(result.ExitCode == 0, $"curl {string.Join(' ', arguments)}: {result.Stderr}");
        return result.Stdout;
    }
}
