using System.Net;
using System.Text.Json;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// dtService networks between pods on different nodes (DESIGN.md 2.5, the second seed document): the seed scenario
/// with its describe output on both nodes, TCP and UDP to the server and between clients through it, the Ethereum
/// example's pattern, bad input, leaving, the server leaving, and a restart of the server's silo.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ServiceTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private static readonly TimeSpan Traffic = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan AfterRestartTraffic = TimeSpan.FromSeconds(45);
    private static readonly IPAddress Server = IPAddress.Parse("100.96.0.1");

    private NetnsSilo Node(int index) => fixture.Topology[index];

    [NamespaceFact]
    public async Task The_seed_scenario_connects_my_pod_and_service_pod_and_both_describe_the_same_peers()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var server = await SeedNetworkAsync();
        var client = await ConnectedAsync(Node(1), "myservice");
        server = await Eventually.Until(() => GetAsync(Node(0), "myservice"), s => Peers(s).Count == 2, what: "node0's peers with the client");

        var serverPeers = Peers(server);
        Assert.Equal(serverPeers, Peers(client));
        Assert.Equal("server", serverPeers["100.96.0.1"].Role);
        Assert.Equal("client", serverPeers["100.96.0.2"].Role);
        Assert.Equal(Node(0).NodeId, serverPeers["100.96.0.1"].NodeId);
        var spec = client.GetProperty("spec");
        Assert.Equal("mydomain", spec.GetProperty("domainSelector").GetString());
        Assert.Equal("service-pod", spec.GetProperty("podSelector").GetString());
        var endpoint = spec.GetProperty("server");
        Assert.Equal($"{Node(0).Node.Address}:51830", endpoint.GetProperty("endpoint").GetString());
        Assert.Equal("100.96.0.0/24", endpoint.GetProperty("peer").GetString());
        Assert.Equal(serverPeers["100.96.0.1"].PublicKey, endpoint.GetProperty("publicKey").GetString());
        Assert.False(server.GetProperty("spec").TryGetProperty("server", out _));

        // kubectl describe shows the seed document's fields (alignment aside).
        var described = System.Text.RegularExpressions.Regex.Replace(await Node(1).KubectlCheckedAsync("describe", "dtservices", "myservice"), " +", " ");
        foreach (var line in new[] { "Peers:", "100.96.0.1:", "100.96.0.2:", $"sid.sightline.dtservice.{Node(0).NodeId}: server",
            $"sid.sightline.dtservice.{Node(1).NodeId}: client", "Public Key:", "Domain Selector: mydomain", "Pod Selector: service-pod", "Server:",
            $"Endpoint: {Node(0).Node.Address}:51830", "Peer: 100.96.0.0/24", "Status: Connected" })
        {
            Assert.Contains(line, described);
        }

        // And on node0, the server: the same peers, no Server section (the seed's first describe, with the client added).
        var serverDescribed = System.Text.RegularExpressions.Regex.Replace(await Node(0).KubectlCheckedAsync("describe", "dtservices", "myservice"), " +", " ");
        foreach (var line in new[] { "100.96.0.1:", $"sid.sightline.dtservice.{Node(0).NodeId}: server", "100.96.0.2:", "Domain Selector: mydomain",
            "Pod Selector: my-pod", "Status: Connected" })
        {
            Assert.Contains(line, serverDescribed);
        }
        Assert.DoesNotContain("Endpoint:", serverDescribed);

        await PodTraffic.TcpAsync(fixture.PodNetns("my-pod"), Server, 7000, fixture.PodNetns("service-pod"), Traffic);
        await PodTraffic.UdpAsync(fixture.PodNetns("my-pod"), Server, 7001, fixture.PodNetns("service-pod"), Traffic);
    }

    [NamespaceFact]
    public async Task A_third_pod_reaches_the_second_through_the_server()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await SeedNetworkAsync();
        await ConnectedAsync(Node(1), "myservice");
        await ApplyAsync(Node(2), "myservice", "third-pod");
        var third = await ConnectedAsync(Node(2), "myservice");
        var address = IPAddress.Parse(Peers(third).Single(p => p.Value.NodeId == Node(2).NodeId).Key);
        var second = IPAddress.Parse(Peers(third).Single(p => p.Value.NodeId == Node(1).NodeId).Key);

        await PodTraffic.TcpAsync(fixture.PodNetns("service-pod"), second, 7002, fixture.PodNetns("third-pod"), Traffic);
        await PodTraffic.UdpAsync(fixture.PodNetns("third-pod"), address, 7003, fixture.PodNetns("service-pod"), Traffic);
    }

    [NamespaceFact]
    public async Task The_ethereum_example_serves_a_tcp_service_in_the_boot_pod_at_its_network_address()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await Node(0).KubectlCheckedAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "ethereum-dtservice.yaml"));
        try
        {
            var boot = await ConnectedAsync(Node(0), "ethereumservice");
            await ApplyAsync(Node(2), "ethereumservice", "eth-peer");
            await ConnectedAsync(Node(2), "ethereumservice");
            var bootAddress = IPAddress.Parse(Peers(boot).Single().Key);
            Assert.EndsWith(".1", bootAddress.ToString());

            await PodTraffic.TcpAsync(fixture.PodNetns("ethereum"), bootAddress, 30303, fixture.PodNetns("eth-peer"), Traffic);
        }
        finally
        {
            // Its /24 is free again for the other tests' myservice, which the seed shows at 100.96.0.0/24.
            await Node(2).KubectlCheckedAsync("delete", "dtservice", "ethereumservice", "--ignore-not-found");
            await Node(0).KubectlCheckedAsync("delete", "dtservice", "ethereumservice", "--ignore-not-found");
        }
    }

    [NamespaceFact]
    public async Task An_unknown_pod_and_an_unknown_domain_fail_saying_which()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await ApplyAsync(Node(1), "nopod", "no-such-pod");
        await ApplyAsync(Node(1), "nodomain", "service-pod", domain: "otherdomain");

        var noPod = await FailedAsync(Node(1), "nopod");
        var noDomain = await FailedAsync(Node(1), "nodomain");
        Assert.Equal("pod no-such-pod not found in this node's namespace", noPod.GetProperty("message").GetString());
        Assert.Equal("dtDomain otherdomain not found on this node: create or join it first", noDomain.GetProperty("message").GetString());
        await Node(1).KubectlCheckedAsync("delete", "dtservice", "nopod", "nodomain");
    }

    [NamespaceFact]
    public async Task A_pod_that_starts_after_its_dtService_joins_the_network_then()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await ApplyAsync(Node(2), "latecomer", "late-pod");
        try
        {
            await FailedAsync(Node(2), "latecomer");

            await fixture.Topology.Network.AddPodAsync(Node(2).PodDirectory, "late-pod");

            var connected = await ConnectedAsync(Node(2), "latecomer");
            Assert.Equal("server", Peers(connected).Single().Value.Role);
        }
        finally
        {
            await Node(2).KubectlCheckedAsync("delete", "dtservice", "latecomer", "--ignore-not-found");
        }
    }

    [NamespaceFact]
    public async Task A_node_that_is_not_a_member_of_the_domain_cannot_join_its_network()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        // node2 holds a dtDomain whose join was refused: it is not a member of that domain.
        await Node(2).ApplyJoinAsync("notjoined", Node(0).JoinAddress(), "bm90LWEtdG9rZW4=", CancellationToken.None);
        await Node(2).WaitForJoinOutcomeAsync("notjoined");
        try
        {
            var before = await PodAddressesAsync("third-pod");
            await ApplyAsync(Node(2), "outsider", "third-pod", domain: "notjoined");

            var refused = await FailedAsync(Node(2), "outsider");
            Assert.StartsWith("dtDomain notjoined is Failed: this node is not a member of it yet", refused.GetProperty("message").GetString());
            Assert.Equal(before, await PodAddressesAsync("third-pod")); // nothing was added to the pod
        }
        finally
        {
            await Node(2).KubectlCheckedAsync("delete", "dtservice", "outsider", "--ignore-not-found");
            await Node(2).KubectlCheckedAsync("delete", "dtdomain", "notjoined", "--ignore-not-found");
        }
    }

    [NamespaceFact]
    public async Task Deleting_a_client_takes_its_interface_and_address_away_and_the_others_peers_shrink()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await SeedNetworkAsync();
        await ConnectedAsync(Node(1), "myservice");
        await ApplyAsync(Node(2), "myservice", "third-pod");
        var third = await ConnectedAsync(Node(2), "myservice");
        var leaving = Peers(third).Single(p => p.Value.NodeId == Node(2).NodeId).Key;

        await Node(2).KubectlCheckedAsync("delete", "dtservice", "myservice");

        foreach (var node in new[] { Node(0), Node(1) })
        {
            await Eventually.Until(() => GetAsync(node, "myservice"), s => !Peers(s).ContainsKey(leaving), what: $"{node.NodeName} drops {leaving}");
        }
        var links = await fixture.Topology.Network.Ip.RunAsync(fixture.PodNetns("third-pod"), ["-o", "address", "show"], CancellationToken.None);
        Assert.DoesNotContain("100.96.", links.Stdout);
    }

    [NamespaceFact]
    public async Task Deleting_the_server_fails_the_clients_with_server_left_and_frees_the_name()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        await SeedNetworkAsync();
        await ConnectedAsync(Node(1), "myservice");

        await Node(0).KubectlCheckedAsync("delete", "dtservice", "myservice");

        var client = await FailedAsync(Node(1), "myservice");
        Assert.StartsWith("server left", client.GetProperty("message").GetString());
        // Applying it again on node1 makes node1's pod the server of a new network of that name.
        await Node(1).KubectlCheckedAsync("delete", "dtservice", "myservice");
        await ApplyAsync(Node(1), "myservice", "service-pod");
        var reborn = await ConnectedAsync(Node(1), "myservice");
        Assert.Equal("server", Peers(reborn).Single().Value.Role);
        await Node(1).KubectlCheckedAsync("delete", "dtservice", "myservice");
    }

    [NamespaceFact]
    public async Task The_servers_silo_killed_and_restarted_keeps_the_network_and_traffic_resumes()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var before = await SeedNetworkAsync();
        await ConnectedAsync(Node(1), "myservice");
        await PodTraffic.TcpAsync(fixture.PodNetns("my-pod"), Server, 7004, fixture.PodNetns("service-pod"), Traffic);

        Node(0).KillHard();
        await Node(0).RestartAsync();
        foreach (var silo in fixture.Topology.Silos)
        {
            await silo.WaitUntilConnectedAsync(2, TimeSpan.FromSeconds(30));
        }

        var after = await ConnectedAsync(Node(0), "myservice");
        Assert.Equal(Peers(before)["100.96.0.1"].PublicKey, Peers(after)["100.96.0.1"].PublicKey);
        // The client's WireGuard still holds a session the restarted server forgot: WireGuard itself starts a new
        // handshake only after its packets went unanswered for 15 s (keepalive 10 s + rekey 5 s), then retries every
        // 5 s, so on a loaded machine this first connection may need more than the usual 20 s.
        await PodTraffic.TcpAsync(fixture.PodNetns("my-pod"), Server, 7005, fixture.PodNetns("service-pod"), AfterRestartTraffic);
    }

    private async Task<string> PodAddressesAsync(string pod) =>
        (await fixture.Topology.Network.Ip.RunAsync(fixture.PodNetns(pod), ["-brief", "address", "show"], CancellationToken.None)).Stdout;

    /// <summary>myservice on node0 with my-pod, fresh: deleted everywhere first, then applied from the seed's example.</summary>
    private async Task<JsonElement> SeedNetworkAsync()
    {
        foreach (var silo in fixture.Topology.Silos)
        {
            await silo.KubectlCheckedAsync("delete", "dtservice", "myservice", "--ignore-not-found");
        }
        await Node(0).KubectlCheckedAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "dtservice.yaml"));
        var server = await ConnectedAsync(Node(0), "myservice");
        await Node(1).KubectlCheckedAsync("apply", "-f", Path.Combine(RepositoryRoot.Examples, "dtservice-join.yaml"));
        return server;
    }

    private static Task ApplyAsync(NetnsSilo silo, string name, string pod, string domain = FederationFixture.Domain) =>
        silo.ApplyManifestAsync($"dtservice-{name}", $"""
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtService
            metadata:
              name: {name}
            spec:
              domainSelector: {domain}
              podSelector: {pod}

            """);

    private static async Task<JsonElement> GetAsync(NetnsSilo silo, string name) =>
        await silo.GetAsync("dtservice", name) ?? throw new Xunit.Sdk.XunitException($"{silo.NodeName} has no dtService {name}");

    private static Task<JsonElement> ConnectedAsync(NetnsSilo silo, string name) =>
        Eventually.Until(() => GetAsync(silo, name), s => s.String("status") == "Connected", TimeSpan.FromSeconds(30),
            what: $"dtService {name} Connected on {silo.NodeName}");

    private static Task<JsonElement> FailedAsync(NetnsSilo silo, string name) =>
        Eventually.Until(() => GetAsync(silo, name), s => s.String("status") == "Failed", TimeSpan.FromSeconds(30),
            what: $"dtService {name} Failed on {silo.NodeName}");

    private static Dictionary<string, (string Role, string NodeId, string? PublicKey)> Peers(JsonElement service) =>
        service.TryGetProperty("peers", out var peers) && peers.ValueKind == JsonValueKind.Object
            ? peers.EnumerateObject().ToDictionary(p => p.Name, p =>
            {
                var label = p.Value.GetProperty("labels").EnumerateObject().Single();
                return (label.Value.GetString()!, label.Name["sid.sightline.dtservice.".Length..], p.Value.GetProperty("publicKey").GetString());
            })
            : [];
}
