using System.Diagnostics;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Netns;
using Xunit.Abstractions;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// node0 runs two silo processes against one Kubernetes API (a standalone silo in node0's namespace stands in for the
/// cluster; the replicas live in its namespace <c>tenant</c>); node1 and node2 are one-silo nodes that join node0's domain. The
/// replicas form one Orleans cluster; the Lease holder's host carries the overlay. Killing the other replica breaks
/// nothing; when the holder is killed with -9 the other replica takes the Lease and the overlay, and federation works
/// again in both directions. A standby's gateway serves node1's app (over the overlay, which only the holder has) by
/// forwarding to the holder's replica listener, before and after the takeover, as the user's own request.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class MultiSiloNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Namespace = "tenant";
    private const string Domain = "mydomain";

    private readonly List<SiloProcess> _processes = [];
    private NodeNetwork? _network;
    private readonly List<NetnsSilo> _members = [];
    private string _root = "";
    private Process? _web;
    private Process? _echo;

    public async Task InitializeAsync()
    {
        if (NamespaceFactAttribute.MissingPrerequisites() is not null)
        {
            return;
        }
        _network = await NodeNetwork.CreateAsync(3);
        _root = Path.Combine(Path.GetTempPath(), $"dtaas-multisilo-{_network.Id}");
        Directory.CreateDirectory(Path.Combine(_root, "home"));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { _web, _echo })
        {
            if (server is not null)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
                server.Dispose();
            }
        }
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }
        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [NamespaceFact]
    public async Task The_replica_that_takes_the_lease_after_a_kill_carries_the_domain_overlay_in_both_directions()
    {
        try
        {
            await FailoverAsync();
        }
        catch
        {
            // What each process said is what tells why.
            foreach (var process in _processes)
            {
                output.WriteLine($"--- {process.DataDirectory}\n{process.Output}");
            }
            foreach (var member in _members)
            {
                output.WriteLine($"--- {member.NodeName}\n{member.Output}");
            }
            throw;
        }
    }

    private async Task FailoverAsync()
    {
        var network = _network!;
        var node0 = network.Nodes[0];
        var cluster = await StartInNode0Async("cluster", 8070, ["--node-name", "cluster.example.org", "--api-listen", "127.0.0.1:7443",
            "--client-listen", "127.0.0.1:30010", "--api-audit-log", AuditLog]);
        var kubectl = new Kubectl(cluster.Kubeconfig, Path.Combine(_root, "home"), node0.Netns);
        await ApplyAsync(kubectl, "tenant.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {Namespace}\n");

        // Replicas of node0 on one host: their own gateway and client ports, the same public address.
        var replicas = new List<SiloProcess>();
        for (int i = 0; i < Replicas; i++)
        {
            replicas.Add(await StartInNode0Async($"replica-{i}", 8080 + 10 * i, ReplicaArguments(cluster, 8080 + 10 * i)));
        }
        foreach (var node in network.Nodes.Skip(1))
        {
            _members.Add(await NetnsSilo.StartAsync(network, node, Path.Combine(_root, $"node{node.Index}")));
        }
        var node1 = _members[0];

        await ApplyAsync(kubectl, "domain.yaml", $"apiVersion: sid.sightlineinnovation.com/v1\nkind: dtDomain\nmetadata:\n  name: {Domain}\n  namespace: {Namespace}\n");
        await Eventually.Until(() => kubectl.RunAsync("get", "dtdomain", Domain, "-n", Namespace, "-o", "jsonpath={.status}"), r => r.Stdout == "Ready");
        var token = (await kubectl.RunAsync("get", "dtdomain", Domain, "-n", Namespace, "-o", "jsonpath={.inviteToken}")).Stdout;
        foreach (var member in _members)
        {
            await member.ApplyJoinAsync(Domain, $"{node0.Address}:8080", token, CancellationToken.None);
            Assert.Equal("Ready", (await member.WaitForJoinOutcomeAsync(Domain)).String("status"));
        }
        await AllConnectedAsync();
        // node1's app for the standby checks below, replicated to node0 meanwhile.
        var echoPublished = PublishEchoOnNode1Async(kubectl);
        await SiloPortRefusesOutsidersAsync(kubectl, node0.Netns);

        var holder = (await kubectl.RunAsync("get", "lease", "dtaas-silo", "-n", Namespace, "-o", "jsonpath={.spec.holderIdentity}")).Stdout;
        var leader = replicas.Single(r => r.Output.Contains($"{holder} started leading"));
        var standby = replicas.First(r => r != leader);
        // A real HTTP service behind node0's apps: python's http.server inside node0.
        await ApplyAsync(kubectl, "service.yaml", $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: example-service
              namespace: {Namespace}
            spec:
              # Against a cluster the gateway dials the ClusterIP (kube-proxy's job); here that is the server itself.
              clusterIP: 127.0.0.1
              ports:
              - port: {WebPort}
                targetPort: {WebPort}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: example-service
              namespace: {Namespace}
            subsets:
            - addresses:
              - ip: 127.0.0.1
              ports:
              - port: {WebPort}

            """);
        _web = StartWebServer(node0.Netns);

        // A dtService: node0's pod serves network myservice, node1's pod joins it.
        var (serverPod, clientPod) = (await network.AddPodAsync(network.PodDirectory(0), "my-pod"), await network.AddPodAsync(node1.PodDirectory, "service-pod"));
        await ApplyAsync(kubectl, "dtservice.yaml",
            $"apiVersion: sid.sightlineinnovation.com/v1\nkind: dtService\nmetadata:\n  name: myservice\n  namespace: {Namespace}\nspec:\n  domainSelector: {Domain}\n  podSelector: my-pod\n");
        await Eventually.Until(() => kubectl.RunAsync("get", "dtservice", "myservice", "-n", Namespace, "-o", "jsonpath={.status}"), r => r.Stdout == "Connected",
            TimeSpan.FromSeconds(60), "node0's dtService to connect");
        await node1.ApplyManifestAsync("dtservice-join",
            $"apiVersion: sid.sightlineinnovation.com/v1\nkind: dtService\nmetadata:\n  name: myservice\nspec:\n  domainSelector: {Domain}\n  podSelector: service-pod\n");
        await PodTraffic.TcpAsync(serverPod, PodServer, 9000, clientPod, TimeSpan.FromSeconds(60));

        var appId = await PublishFromNode0UntilOnNode1Async(kubectl, "before-kills");
        await Eventually.Until(() => AnswersAsync(node1, appId), ok => ok, TimeSpan.FromSeconds(30), $"app {appId} to answer through node1");

        // node1's app through the standby's gateway: forwarded to the holder, which has the overlay.
        var standbyTimer = Stopwatch.StartNew();
        var echoId = await echoPublished;
        await ThroughStandbyAsync(standby, leader, echoId, v1: true);
        if (int.TryParse(Environment.GetEnvironmentVariable("DTAAS_E2E_STANDBY_BENCH"), out var benchSeconds) && benchSeconds > 0)
        {
            // bench/README's figures: node1's app through the holder's gateway and through the standby's.
            var (atHolder, atStandby) = (await RequestsPerSecondAsync(leader, echoId, benchSeconds), await RequestsPerSecondAsync(standby, echoId, benchSeconds));
            output.WriteLine($"node1's app, 8 concurrent keep-alive clients for {benchSeconds} s: through the holder {atHolder:0} requests/s, " +
                $"through the standby {atStandby:0} requests/s (ratio {atStandby / atHolder:0.00})");
        }
        var standbyChecks = standbyTimer.Elapsed;

        // A replica that does not hold the Lease dies: the node goes on (its grains come back on the leader).
        standby.KillHard();
        await PublishFromNode0UntilOnNode1Async(kubectl, "standby-killed");
        await AllConnectedAsync();
        // Declared dead, it makes the leader reconcile everything: the grains it held come back with their timers.
        await Eventually.Until(() => Task.FromResult(leader.Output), o => o.Contains("A silo of this node died"), TimeSpan.FromSeconds(30),
            "the leader to see the other replica die");
        var restarted = await StartInNode0Async(Path.GetFileName(standby.DataDirectory), standby.GatewayPort, ReplicaArguments(cluster, standby.GatewayPort));
        List<SiloProcess> survivors = [restarted, .. replicas.Where(r => r != leader && r != standby)];

        var killed = Stopwatch.StartNew();
        leader.KillHard();
        await Eventually.Until(() => Task.FromResult(survivors.Count(r => r.Output.Contains("started leading"))), n => n == 1, TimeSpan.FromSeconds(30),
            "one other replica to take the Lease");
        var leaseTaken = killed.Elapsed;
        // The old holder comes back meanwhile, as a standby (the Lease is the new holder's now).
        var oldHolderBack = StartInNode0Async(Path.GetFileName(leader.DataDirectory), leader.GatewayPort, ReplicaArguments(cluster, leader.GatewayPort));

        // The app published before the kill answers again through node1's gateway (node0's overlay ingress on the new host).
        var answering = await Eventually.Until(() => AnswersAsync(node1, appId), ok => ok, TimeSpan.FromSeconds(60), $"app {appId} to answer through node1 again");
        var appAnswered = killed.Elapsed;
        // The pod network carries traffic again (node0's pod interface on the new host).
        await PodTraffic.TcpAsync(serverPod, PodServer, 9001, clientPod, TimeSpan.FromSeconds(60));
        var podsAgain = killed.Elapsed;

        // node0 → node1 and node2: an app published on node0 after the failover reaches them (its app sets leave from the new host).
        await PublishFromNode0UntilOnNode1Async(kubectl, "after-failover");
        var appArrived = killed.Elapsed;

        // node1 → node0: node1's probes reach node0's federation listener on the new host.
        await node1.ApplyManifestAsync("dtapp-from-node1", AppKubectl.AppManifest("from-node1", "example-service", "authenticationType: None", Domain));
        await node1.ApplyServiceAsync("example-service", "127.0.0.1", 80);
        var fromNode1 = await node1.AppIdAsync("from-node1");
        await Eventually.Until(() => kubectl.RunAsync("get", "dtapp", fromNode1, "-n", Namespace, "-o", "name"), r => r.ExitCode == 0,
            TimeSpan.FromSeconds(60), $"node1's app {fromNode1} on node0");
        await AllConnectedAsync();

        // The old holder, back as a standby: its gateway forwards to the new holder.
        standbyTimer.Restart();
        var newLeader = survivors.Single(r => r.Output.Contains("started leading"));
        var back = await oldHolderBack;
        await ThroughStandbyAsync(back, newLeader, echoId, v1: false);
        standbyChecks += standbyTimer.Elapsed;
        // Least privilege: the Role grants exactly what the silos asked for (beyond paths this run does not take).
        var used = RoleAudit.Used(AuditLog);
        var granted = RoleAudit.Granted();
        var lacking = used.Except(granted).Order().ToList();
        var unused = granted.Except(used).Except(NotExercisedHere).Order().ToList();
        Assert.True(lacking.Count == 0, $"k8s/deploy/role.yaml lacks what the silos called: {string.Join(", ", lacking)}");
        Assert.True(unused.Count == 0, $"k8s/deploy/role.yaml grants what no silo called: {string.Join(", ", unused)}");
        Assert.True(answering);
        output.WriteLine($"{Replicas} replicas: kill -9 of the Lease holder → Lease taken {leaseTaken.TotalSeconds:0.0} s, app answering through node1 {appAnswered.TotalSeconds:0.0} s, " +
            $"pod traffic {podsAgain.TotalSeconds:0.0} s, app from node0 on node1 and node2 {appArrived.TotalSeconds:0.0} s, " +
            $"node1's app on node0 {killed.Elapsed.TotalSeconds:0.0} s; standby gateway checks {standbyChecks.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Through <paramref name="standby"/>'s gateway, from node1's namespace (so the user's address is node1's, not the
    /// replicas' loopback): node1's app answers, the echo shows node1's address first in X-Forwarded-For even when the
    /// user names another in the replica hop's header, the holder's gateway counted the requests and the standby's
    /// did not (it forwarded them); with <paramref name="v1"/>, a /v1 login and call on the standby itself.
    /// </summary>
    private async Task ThroughStandbyAsync(SiloProcess standby, SiloProcess holder, string echoId, bool v1)
    {
        var node1 = _members[0].Node;
        var url = new Uri($"http://{echoId}.node0.example.org:{standby.GatewayPort}/whoami");
        using var http = new HttpClient(GatewayHttp.CreateHandler(node1.Netns, new System.Net.IPEndPoint(_network!.Nodes[0].Address, standby.GatewayPort)))
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        async Task<(System.Net.HttpStatusCode Status, string Body)> GetAsync(params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            try
            {
                using var response = await http.SendAsync(request);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (0, e.Message);
            }
        }
        var answer = await Eventually.Until(() => GetAsync(), r => r.Status == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(60),
            $"node1's app {echoId} through the standby's gateway");
        Assert.Contains($"x-forwarded-for: {node1.Address},", answer.Body);
        // An outsider naming another caller in the replica hop's header is forwarded as itself.
        var forged = await GetAsync(("X-Dtaas-Replica-Caller", "for=6.6.6.6;proto=https"), ("X-Forwarded-For", "6.6.6.6"));
        Assert.Equal(System.Net.HttpStatusCode.OK, forged.Status);
        Assert.Contains($"x-forwarded-for: {node1.Address},", forged.Body);
        Assert.DoesNotContain("6.6.6.6", forged.Body);

        // The holder served them (its gateway counted them); the standby only forwarded.
        var atHolder = await ScrapeAsync(holder);
        var atStandby = await ScrapeAsync(standby);
        Assert.True(atHolder.Values("dtaas_gateway_requests_total", ("app", echoId), ("side", "public"), ("code", "200")).Sum() >= 2,
            "the holder's gateway served node1's app");
        Assert.Empty(atStandby.Values("dtaas_gateway_requests_total", ("app", echoId)));

        if (!v1)
        {
            return;
        }
        // /v1 on the standby itself: a login (about 5 s here) and a call with its token.
        using var api = NamespacedHttp.CreateClient(_network.Nodes[0].Netns);
        var gateway = new Uri($"http://127.0.0.1:{standby.GatewayPort}/");
        var login = await Eventually.Until(async () =>
        {
            using var response = await api.PostAsync(new Uri(gateway, "v1/login"),
                new StringContent("""{"username":"alice","password":"alice-password-1"}""", System.Text.Encoding.UTF8, "application/json"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, r => r.StatusCode == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30), "alice to log in through the standby");
        using var call = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "v1/apps"));
        call.Headers.Authorization = new("Bearer", System.Text.Json.Nodes.JsonNode.Parse(login.Body)!["access_token"]!.GetValue<string>());
        using var apps = await api.SendAsync(call);
        Assert.True(apps.StatusCode == System.Net.HttpStatusCode.OK, $"GET /v1/apps through the standby: {(int)apps.StatusCode} {await apps.Content.ReadAsStringAsync()}");
    }

    /// <summary>Requests per second (200s) of node1's app through <paramref name="replica"/>'s gateway, from node1, 8 clients.</summary>
    private async Task<double> RequestsPerSecondAsync(SiloProcess replica, string echoId, int seconds)
    {
        var node1 = _members[0].Node;
        using var http = new HttpClient(GatewayHttp.CreateHandler(node1.Netns, new System.Net.IPEndPoint(_network!.Nodes[0].Address, replica.GatewayPort)));
        var url = new Uri($"http://{echoId}.node0.example.org:{replica.GatewayPort}/bench");
        var until = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var ok = 0;
            while (until.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                using var response = await http.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                ok += response.IsSuccessStatusCode ? 1 : 0;
            }
            return ok;
        }));
        return counts.Sum() / until.Elapsed.TotalSeconds;
    }

    private async Task<PrometheusSamples> ScrapeAsync(SiloProcess replica)
    {
        using var http = NamespacedHttp.CreateClient(_network!.Nodes[0].Netns);
        return new PrometheusSamples(await http.GetStringAsync($"http://127.0.0.1:{MetricsPort(replica.GatewayPort)}/metrics"));
    }

    /// <summary>
    /// node1's app: an upstream in node1 that echoes the X-Forwarded-For it got; and node0's user alice, for the /v1
    /// checks. Returns the app's id once node0 holds its replica.
    /// </summary>
    private async Task<string> PublishEchoOnNode1Async(Kubectl kubectl)
    {
        var node1 = _members[0];
        _echo = Process.Start(new ProcessStartInfo(IpCommand.Executable, ["netns", "exec", node1.Node.Netns, "python3", "-c", EchoServer, EchoPort.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await node1.ApplyServiceAsync("echo", "127.0.0.1", EchoPort);
        await node1.ApplyManifestAsync("dtapp-echo", AppKubectl.AppManifest("echo", "echo", "authenticationType: None", Domain));
        var id = await node1.AppIdAsync("echo");
        await ApplyAsync(kubectl, "alice.yaml", $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: alice-password
              namespace: {Namespace}
            stringData:
              password: alice-password-1
            ---
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtUser
            metadata:
              name: alice
              namespace: {Namespace}
            spec:
              passwordSecretRef:
                name: alice-password
                key: password

            """);
        await Eventually.Until(() => kubectl.RunAsync("get", "dtapp", id, "-n", Namespace, "-o", "name"), r => r.ExitCode == 0,
            TimeSpan.FromSeconds(60), $"node1's app {id} on node0");
        return id;
    }

    /// <summary>Where node1's echo upstream listens (inside node1).</summary>
    private const int EchoPort = 18081;

    /// <summary>An HTTP server that answers every GET with the X-Forwarded-For it received.</summary>
    private const string EchoServer = """
        import sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        class Echo(BaseHTTPRequestHandler):
            def do_GET(self):
                body = ("hello from node1\nx-forwarded-for: %s\n" % self.headers.get("X-Forwarded-For", "")).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Echo).serve_forever()
        """;

    /// <summary>
    /// The replicas' silo port speaks mutual TLS with the node's silo certificate: a plain TCP client, a TLS client
    /// without a certificate and one with the node's SDK client certificate (right authority, wrong role) all get
    /// nothing; the silo certificate gets the Orleans preamble (so the probe itself can get in).
    /// </summary>
    private async Task SiloPortRefusesOutsidersAsync(Kubectl kubectl, string netns)
    {
        var silo = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, SiloPort(0));
        var secret = await kubectl.RunAsync("get", "secret", "dtaas-sdk-certificates", "-n", Namespace, "-o", "json");
        var data = System.Text.Json.Nodes.JsonNode.Parse(secret.Stdout)!["data"]!;
        System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate(string key) =>
            System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(data[key]!.GetValue<string>()), password: null);

        var plain = await SiloPortProbe.PlainAsync(netns, silo);
        var anonymous = await SiloPortProbe.TlsAsync(netns, silo, certificate: null);
        var client = await SiloPortProbe.TlsAsync(netns, silo, Certificate(Dtaas.Client.SdkCertificates.ClientFile));
        var member = await SiloPortProbe.TlsAsync(netns, silo, Certificate(Dtaas.Client.SdkCertificates.SiloFile));

        // Nothing but, at most, a TLS alert record (7 bytes, type 21).
        Assert.True(plain.Closed && (plain.Received.Length == 0 || plain.Received is [0x15, ..] && plain.Received.Length <= 7),
            $"plain TCP: closed {plain.Closed}, {plain.Received.Length} bytes");
        Assert.True(anonymous.Closed && anonymous.Received.Length == 0, $"TLS without a certificate: closed {anonymous.Closed}, {anonymous.Received.Length} bytes");
        Assert.True(client.Closed && client.Received.Length == 0, $"TLS with the SDK client certificate: closed {client.Closed}, {client.Received.Length} bytes");
        Assert.True(member.Handshake && member.Received.Length > 0, "TLS with the silo certificate gets the Orleans preamble");
    }

    /// <summary>Where replica <paramref name="index"/>'s silo listens for the other replicas.</summary>
    private static int SiloPort(int index) => 11110 + index;

    /// <summary>Where the replica with gateway port <paramref name="gatewayPort"/> serves its metrics (inside node0).</summary>
    private static int MetricsPort(int gatewayPort) => 9470 + (gatewayPort - 8080) / 10;

    private string AuditLog => Path.Combine(_root, "audit.log");

    /// <summary>Where node0's web server listens (inside node0); its Service's Endpoints point here.</summary>
    private const int WebPort = 18080;

    /// <summary>The dtService network's server address: node0's pod.</summary>
    private static readonly System.Net.IPAddress PodServer = System.Net.IPAddress.Parse("100.96.0.1");

    /// <summary>node0's silo processes: two in the suite; bench/README's three-replica failover figures set DTAAS_E2E_NODE0_REPLICAS=3.</summary>
    private static int Replicas => int.TryParse(Environment.GetEnvironmentVariable("DTAAS_E2E_NODE0_REPLICAS"), out var n) && n >= 2 ? n : 2;

    /// <summary>What the silo calls on paths this test does not take, each with where it happens.</summary>
    private static readonly string[] NotExercisedHere =
    [
        // KubernetesGrainStorage reads an object itself while the watcher's cache has not synced yet.
        "sid.sightlineinnovation.com/dtdomains get", "sid.sightlineinnovation.com/dtpeers get",
        "sid.sightlineinnovation.com/dtapps get", "sid.sightlineinnovation.com/dtservices get",
        // A member leaves or is removed, an app is unpublished: its dtPeer and replicas go (FederationRemovalTests, AppTests).
        "sid.sightlineinnovation.com/dtpeers delete", "sid.sightlineinnovation.com/dtapps delete",
        // Users and servables (none in this test): status writes; the /v1 API creates and deletes servables (ObjectApiTests).
        "sid.sightlineinnovation.com/dtusers get", "sid.sightlineinnovation.com/dtusers update",
        // The replicas of other members' users: placed and dropped by the user catalog (Federation.Tests UserReplicationTests).
        "sid.sightlineinnovation.com/dtusers create", "sid.sightlineinnovation.com/dtusers delete",
        "sid.sightlineinnovation.com/dtservables get", "sid.sightlineinnovation.com/dtservables create",
        "sid.sightlineinnovation.com/dtservables update", "sid.sightlineinnovation.com/dtservables delete",
        // Trusts (none in this test): the /v1 API makes, changes and deletes them (TrustTests).
        "sid.sightlineinnovation.com/dttrusts get", "sid.sightlineinnovation.com/dttrusts create",
        "sid.sightlineinnovation.com/dttrusts update", "sid.sightlineinnovation.com/dttrusts delete",
        // SdkCertificateStore: a dtaas-sdk-certificates Secret an older version made (no silo certificate) is issued
        // anew (SdkCertificateStoreTests; the Role names that Secret alone).
        "core/secrets update",
        // KubernetesEventRecorder: an event that repeats bumps its count.
        "core/events update",
        // KubernetesSiloMembershipTable: Orleans removes defunct silos and a cluster's table (the memberList contract tests).
        "sid.sightlineinnovation.com/dtsilos delete", "sid.sightlineinnovation.com/dtsilotables delete",
    ];

    private string[] ReplicaArguments(SiloProcess cluster, int gatewayPort) =>
        ["--kubeconfig", cluster.Kubeconfig, "--namespace", Namespace, "--node-name", "node0.example.org",
            "--public-address", $"{_network!.Nodes[0].Address}:8080", "--client-listen", $"127.0.0.1:{30000 + (gatewayPort - 8080) / 10}",
            "--silo-listen", $"127.0.0.1:{SiloPort((gatewayPort - 8080) / 10)}", "--replica-listen", $"127.0.0.1:{SiloPort((gatewayPort - 8080) / 10) + 10}",
            "--metrics-listen", $"127.0.0.1:{MetricsPort(gatewayPort)}",
            "--pod-netns-dir", _network.PodDirectory(0), "--pod-resolver", "netns"];

    /// <summary>Every member has a connected dtPeer for each other node of the domain.</summary>
    private async Task AllConnectedAsync()
    {
        foreach (var member in _members)
        {
            await member.WaitUntilConnectedAsync(_members.Count, TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Whether app <paramref name="appId"/> answers 200 through <paramref name="member"/>'s gateway (its URI there).</summary>
    private static async Task<bool> AnswersAsync(NetnsSilo member, string appId)
    {
        using var http = GatewayHttp.CreateClient(member, TimeSpan.FromSeconds(5));
        try
        {
            using var response = await http.GetAsync(GatewayHttp.AppUrl(member, appId, "/index.html"));
            return response.StatusCode == System.Net.HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("hello from node0");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>python3's http.server on 127.0.0.1:<see cref="WebPort"/> inside <paramref name="netns"/>, serving an index.html.</summary>
    private Process StartWebServer(string netns)
    {
        var site = Directory.CreateDirectory(Path.Combine(_root, "site"));
        File.WriteAllText(Path.Combine(site.FullName, "index.html"), "hello from node0\n");
        return Process.Start(new ProcessStartInfo(IpCommand.Executable, ["netns", "exec", netns, "python3", "-m", "http.server", WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1"])
        {
            WorkingDirectory = site.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
    }

    /// <summary>Applies dtApp <paramref name="name"/> on node0, waits until every member holds its replica, and returns its id.</summary>
    private async Task<string> PublishFromNode0UntilOnNode1Async(Kubectl kubectl, string name)
    {
        await ApplyAsync(kubectl, $"{name}.yaml", $"""
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtApp
            metadata:
              name: {name}
              namespace: {Namespace}
            serviceSelector:
              name: example-service
            domainSelector:
              name: [{Domain}]
            spec:
              authenticationType: None

            """);
        var uri = (await Eventually.Until(() => kubectl.RunAsync("get", "dtapp", name, "-n", Namespace, "-o", "jsonpath={.URI}"),
            r => r.Stdout.StartsWith("https://", StringComparison.Ordinal))).Stdout;
        var id = new Uri(uri).Host.Split('.')[0];
        foreach (var member in _members)
        {
            await Eventually.Until(() => member.GetAsync("dtapp", id), found => found is not null, TimeSpan.FromSeconds(60), $"replica {id} ({name}) on {member.NodeName}");
        }
        return id;
    }

    private async Task<SiloProcess> StartInNode0Async(string name, int gatewayPort, string[] arguments)
    {
        var node0 = _network!.Nodes[0];
        var process = await SiloProcess.StartAsync(new SiloLaunch(
            Prefix: [IpCommand.Executable, "netns", "exec", node0.Netns],
            DataDirectory: Path.Combine(_root, name),
            Arguments: [.. arguments, "--gateway-listen", $"0.0.0.0:{gatewayPort}", "--gateway-tls-listen", $"0.0.0.0:{gatewayPort + 1}",
                .. arguments.Contains("--metrics-listen") ? Array.Empty<string>() : ["--metrics-listen", ""]],
            ApiPort: 7443,
            GatewayPort: gatewayPort,
            HealthUrl: new Uri($"http://127.0.0.1:{gatewayPort}/healthz"),
            UsesCluster: arguments.Contains("--kubeconfig"),
            CreateHttpClient: () => NamespacedHttp.CreateClient(node0.Netns)));
        _processes.Add(process);
        return process;
    }

    private async Task ApplyAsync(Kubectl kubectl, string file, string yaml)
    {
        var path = Path.Combine(_root, file);
        await File.WriteAllTextAsync(path, yaml);
        var result = await kubectl.RunAsync("apply", "-f", path);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
