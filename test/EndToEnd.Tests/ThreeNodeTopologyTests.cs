using System.Net;
using System.Net.Sockets;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;
using Dtaas.WireGuard.Netns;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// Three real silos, one per network namespace on a private bridge: the harness the federation tests and demo build on.
/// Federation itself does not exist yet, so this proves what each node does alone and what the network allows.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class ThreeNodeTopologyTests(ThreeNodeTopologyFixture fixture) : IClassFixture<ThreeNodeTopologyFixture>
{
    private static readonly string DomainManifest = Path.Combine(RepositoryRoot.Examples, "dtdomain.yaml");

    [NamespaceFact]
    public async Task Each_silo_runs_inside_its_own_namespace_with_a_distinct_node_id()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var topology = fixture.Topology;
        foreach (var silo in topology.Silos)
        {
            // ip netns exec execs dotnet, so the process the test holds is the silo itself, inside the namespace.
            var identify = await topology.Network.Ip.RunCheckedAsync(null, ["netns", "identify", silo.Process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], default);
            Assert.Equal(silo.Node.Netns, identify.Stdout.Trim());
            Assert.Contains("dtaas-silo.dll", await File.ReadAllTextAsync($"/proc/{silo.Process.Pid}/cmdline"));
            Assert.Matches("^[0-9a-f]{32}$", silo.NodeId);
        }
        Assert.Equal(3, topology.Silos.Select(silo => silo.NodeId).Distinct().Count());
    }

    [NamespaceFact]
    public async Task Each_node_creates_a_Ready_dtDomain_with_its_own_invite_token()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var tokens = new List<string>();
        foreach (var silo in fixture.Topology.Silos)
        {
            tokens.Add(await CreateDomainAsync(silo));
        }
        Assert.All(tokens, token => Assert.False(string.IsNullOrWhiteSpace(token)));
        Assert.Equal(3, tokens.Distinct().Count());
    }

    [NamespaceFact]
    public async Task Node1_reaches_node0s_gateway_over_the_bridge_and_the_root_namespace_has_no_path_to_it()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var topology = fixture.Topology;
        var node0 = topology[0];
        using (var fromNode1 = topology[1].CreateHttpClient())
        {
            var response = await fromNode1.GetAsync(new Uri(node0.GatewayUrl, "healthz"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The API listens on node0's own loopback: another node gets a refusal at node0's address.
        using (var socket = await NamespacedSockets.CreateAsync(topology[1].Node.Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            var refused = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(node0.Node.Address, NetnsSilo.ApiPort));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        // Isolation is checked on the root namespace's tables, read-only: a real connection attempt from there would
        // leave through its default route, and the tests talk only to loopback and their own namespaces.
        var links = await topology.Network.Ip.RunCheckedAsync(null, ["-o", "link", "show"], default);
        foreach (var netns in topology.Network.Namespaces)
        {
            Assert.DoesNotContain($"link-netns {netns}", links.Stdout);
        }
        var addresses = await topology.Network.Ip.RunCheckedAsync(null, ["-o", "-4", "addr", "show"], default);
        var subnetPrefix = string.Join('.', topology.Network.Subnet.ToString().Split('.')[..3]) + ".";
        Assert.DoesNotContain($"inet {subnetPrefix}", addresses.Stdout);
        var route = await topology.Network.Ip.RunAsync(null, ["route", "get", node0.Node.Address.ToString()], default);
        Assert.False(route.Stdout.StartsWith("local ", StringComparison.Ordinal), route.Stdout);
    }

    [NamespaceFact]
    public async Task Kill_9_and_restart_in_its_namespace_keeps_node0s_id_and_token()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var topology = fixture.Topology;
        var node0 = topology[0];
        var token = await CreateDomainAsync(node0);
        var nodeId = node0.NodeId;

        node0.KillHard();
        // Nothing of the old silo may survive in the namespace (the restart binds the same ports).
        var left = await topology.Network.Ip.RunCheckedAsync(null, ["netns", "pids", node0.Node.Netns], default);
        Assert.Equal("", left.Stdout.Trim());

        await node0.RestartAsync();

        Assert.Equal(nodeId, node0.NodeId);
        Assert.Equal(token, await CreateDomainAsync(node0));
        using var fromNode2 = topology[2].CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await fromNode2.GetAsync(new Uri(node0.GatewayUrl, "healthz"))).StatusCode);
    }

    /// <summary>Applies the example dtDomain (idempotent), waits until it is Ready and returns its invite token.</summary>
    private static async Task<string> CreateDomainAsync(NetnsSilo silo)
    {
        var apply = await silo.Kubectl.RunAsync("apply", "-f", DomainManifest);
        Assert.True(apply.ExitCode == 0, $"{silo.NodeName}: {apply}\n{silo.Output}");
        var ready = await Eventually.Until(
            () => silo.Kubectl.RunAsync("get", "dtdomain", "mydomain", "-o", "jsonpath={.status} {.inviteToken}"),
            result => result.ExitCode == 0 && result.Stdout.StartsWith("Ready ", StringComparison.Ordinal),
            what: $"mydomain Ready on {silo.NodeName}");
        return ready.Stdout["Ready ".Length..];
    }
}
