using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;
using Dtaas.WireGuard.Netns;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using V1 = Dtaas.Federation.Protocol.V1;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// A federated domain of three real silos (node0 created it, node1 and node2 joined): the mesh, the overlay, the join
/// endpoint's replay guard, the federation protocol's admission and health, liveness on link loss and the creator's kill -9. Every
/// test leaves the domain as it found it (all members, all connected), so they run in any order on one topology.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class FederationTests(FederationFixture fixture) : IClassFixture<FederationFixture>
{
    /// <summary>The bound for a dtPeer to show a lost or regained link.</summary>
    private static readonly TimeSpan LivenessBound = TimeSpan.FromSeconds(10);

    /// <summary>The federation listener's port on every overlay address (the silo's FederationListener.Port).</summary>
    private const int FederationPort = 7480;

    private const string Domain = FederationFixture.Domain;

    [NamespaceFact]
    public async Task Every_node_lists_the_others_as_connected_dtPeers_with_their_overlay_address_name_and_key()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var silos = fixture.Topology.Silos;
        var memberList = await silos[0].MemberListAsync(Domain);
        Assert.NotNull(memberList);
        Assert.Equal(silos[0].NodeId, memberList.CreatorNodeId);
        Assert.Equal(silos.Select(s => s.NodeId).Order(), memberList.Members.Select(m => m.NodeId).Order());
        Assert.EndsWith(".0.1", memberList.Find(silos[0].NodeId)!.OverlayAddress);
        Assert.Equal(3, memberList.Members.Select(m => m.OverlayAddress).Distinct().Count());

        foreach (var silo in silos)
        {
            var others = silos.Where(other => other != silo).ToList();
            var domain = (await silo.GetAsync("dtdomain", Domain))!.Value;
            Assert.Equal("Ready", domain.String("status"));
            Assert.Equal(others.Select(o => o.NodeId).Order(), domain.Peers().Order());
            // Members hold the creator's list as it is now (same version, same content).
            Assert.True(memberList.SameAs((await silo.MemberListAsync(Domain))!), $"{silo.NodeName} holds another member list");

            var peers = await silo.ListPeersAsync();
            Assert.Equal(others.Count, peers.Count);
            foreach (var other in others)
            {
                var member = memberList.Find(other.NodeId)!;
                var peer = peers.For(other.NodeId) ?? throw new Xunit.Sdk.XunitException($"{silo.NodeName} has no dtPeer for {other.NodeName}: {peers}");
                Assert.Equal(other.NodeId, peer.String("id"));
                Assert.Equal(other.NodeName, peer.String("name"));
                Assert.Equal(member.OverlayAddress, peer.String("address"));
                Assert.Equal(member.PublicKey, peer.String("publicKey"));
                Assert.Equal(Domain, peer.String("dtDomain"));
                Assert.True(peer.Bool("connected"), $"{silo.NodeName}'s dtPeer for {other.NodeName}: {peer}");
            }
        }
    }

    [NamespaceFact]
    public async Task Tcp_crosses_the_overlay_from_node1s_namespace_to_a_listener_on_node2s_overlay_address()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node1, node2) = (fixture.Topology[1], fixture.Topology[2]);
        var target = IPAddress.Parse((await node2.MemberListAsync(Domain))!.Find(node2.NodeId)!.OverlayAddress);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var listener = await NamespacedSockets.CreateAsync(node2.Node.Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(target, 0));
        listener.Listen();
        var accepted = listener.AcceptAsync(timeout.Token).AsTask();

        using var client = await NamespacedSockets.CreateAsync(node1.Node.Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!, timeout.Token);
        using var server = await accepted;
        await client.SendAsync(Encoding.ASCII.GetBytes("over the overlay"), timeout.Token);
        var buffer = new byte[64];
        var read = await server.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal("over the overlay", Encoding.ASCII.GetString(buffer, 0, read));
        // The connection came from node1's overlay address: it went through the WireGuard interface, not the bridge.
        var node1Overlay = (await node1.MemberListAsync(Domain))!.Find(node1.NodeId)!.OverlayAddress;
        Assert.Equal(node1Overlay, ((IPEndPoint)server.RemoteEndPoint!).Address.ToString());
    }

    [NamespaceFact]
    public async Task The_same_sealed_join_request_sent_twice_is_refused_the_second_time_with_409()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1) = (fixture.Topology[0], fixture.Topology[1]);
        var before = await node0.MemberListJsonAsync(Domain);
        var sealedRequest = await SealRejoinRequestAsync(node1);

        using var http = node1.CreateHttpClient();
        var joinUri = new Uri(node0.GatewayUrl, "federation/join");
        using var first = await http.PostAsync(joinUri, new ByteArrayContent(sealedRequest));
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"first: {first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        using var replayed = await http.PostAsync(joinUri, new ByteArrayContent(sealedRequest));

        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Contains("already received (replayed)", await replayed.Content.ReadAsStringAsync());
        Assert.Equal(before, await node0.MemberListJsonAsync(Domain));
    }

    [NamespaceFact]
    public async Task The_federation_port_refuses_a_caller_that_is_not_another_member_and_is_not_on_the_bridge_address()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1) = (fixture.Topology[0], fixture.Topology[1]);
        var memberList = (await node1.MemberListAsync(Domain))!;
        var node1Overlay = memberList.Find(node1.NodeId)!.OverlayAddress;

        // From node1's own namespace to its own overlay address: the source is node1's address, which is no other member.
        // A federation call is refused before anything runs (PERMISSION_DENIED), even when it names a member as its caller.
        using (var channel = OverlayChannel(node1, node1Overlay))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => new V1.Federation.FederationClient(channel).ProbeAsync(
                new V1.ProbeRequest { Context = new V1.RequestContext { DomainUid = memberList.DomainUid.ToString(), CallerNodeId = node0.NodeId } },
                deadline: DateTime.UtcNow.AddSeconds(5)).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            Assert.Contains("is not the overlay address of another member", refused.Status.Detail);
            Assert.DoesNotContain(node1.NodeId, refused.Status.Detail);
        }

        // Federation calls listen on the overlay only: node0's bridge address has nothing on that port.
        using var socket = await NamespacedSockets.CreateAsync(node1.Node.Netns, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refusedConnection = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(node0.Node.Address, FederationPort));
        Assert.Equal(SocketError.ConnectionRefused, refusedConnection.SocketErrorCode);
    }

    [NamespaceFact]
    public async Task A_member_probes_another_over_wireguard_as_itself_only_and_the_health_service_answers_SERVING()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1, node2) = (fixture.Topology[0], fixture.Topology[1], fixture.Topology[2]);
        var memberList = (await node0.MemberListAsync(Domain))!;
        var uid = memberList.DomainUid.ToString();

        // From node0's namespace to node1's overlay address: through the WireGuard interface, from node0's overlay address.
        using var channel = OverlayChannel(node0, memberList.Find(node1.NodeId)!.OverlayAddress);
        var federation = new V1.Federation.FederationClient(channel);
        var answer = await federation.ProbeAsync(new V1.ProbeRequest { Context = new V1.RequestContext { DomainUid = uid, CallerNodeId = node0.NodeId } },
            deadline: DateTime.UtcNow.AddSeconds(5));
        var impostor = await Assert.ThrowsAsync<RpcException>(() => federation.ProbeAsync(
            new V1.ProbeRequest { Context = new V1.RequestContext { DomainUid = uid, CallerNodeId = node2.NodeId } },
            deadline: DateTime.UtcNow.AddSeconds(5)).ResponseAsync);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));

        Assert.Equal((node1.NodeId, node1.NodeName), (answer.Node.NodeId, answer.Node.Name));
        Assert.Equal(StatusCode.PermissionDenied, impostor.StatusCode);
        Assert.Contains($"names '{node2.NodeId}' as its caller", impostor.Status.Detail);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [NamespaceFact]
    public async Task Deleting_a_dtPeer_on_a_member_is_undone_with_a_message_and_a_warning_event()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var (node0, node1) = (fixture.Topology[0], fixture.Topology[1]);
        var before = await node0.MemberListJsonAsync(Domain);

        await node1.KubectlCheckedAsync("delete", "dtpeer", node0.NodeId, "--wait=false");

        var back = await Eventually.Until(
            () => node1.GetAsync("dtpeer", node0.NodeId),
            peer => peer?.String("message")?.StartsWith("Deleting this dtPeer was undone: only the domain's creator", StringComparison.Ordinal) == true,
            what: "node1's dtPeer for node0 back with the refusal");
        Assert.Null(back!.Value.GetProperty("metadata").String("deletionTimestamp"));
        var events = JsonDocument.Parse(await node1.KubectlCheckedAsync("get", "events", "-o", "json")).RootElement.GetProperty("items");
        Assert.Contains(events.EnumerateArray(), e =>
            e.String("reason") == "DeletionRefused" && e.String("type") == "Warning" &&
            e.GetProperty("involvedObject").String("name") == node0.NodeId);
        Assert.Equal(before, await node0.MemberListJsonAsync(Domain));
        await fixture.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(20));
    }

    [NamespaceFact]
    public async Task A_node_whose_link_goes_down_shows_disconnected_on_the_others_within_10_s_and_connected_within_10_s_of_coming_back()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var topology = fixture.Topology;
        var node2 = topology[2];
        var watchers = new[] { topology[0], topology[1] };
        try
        {
            await fixture.Topology.SetLinkAsync(node2, "down");
            var lost = await TimeUntilAsync(watchers, node2.NodeId, connected: false);
            Assert.True(lost <= LivenessBound, $"node2 showed disconnected after {lost}");

            await fixture.Topology.SetLinkAsync(node2, "up");
            var regained = await TimeUntilAsync(watchers, node2.NodeId, connected: true);
            Assert.True(regained <= LivenessBound, $"node2 showed connected again after {regained}");
        }
        finally
        {
            await fixture.Topology.SetLinkAsync(node2, "up");
        }
    }

    [NamespaceFact]
    public async Task Kill_9_and_restart_of_the_creator_keeps_its_id_token_overlay_address_and_interface_and_the_members_reconnect()
    {
        NamespaceFactAttribute.RequirePrerequisites();
        var topology = fixture.Topology;
        var node0 = topology[0];
        var nodeId = node0.NodeId;
        var memberList = (await node0.MemberListAsync(Domain))!;
        var overlayAddress = memberList.Find(nodeId)!.OverlayAddress;
        var device = InterfaceNames.Derive(memberList.DomainUid.ToString(), nodeId);
        Assert.Contains($"inet {overlayAddress}/", await InterfaceAddressesAsync(node0, device));

        node0.KillHard();
        var afterKill = await fixture.Topology.Network.Ip.RunAsync(node0.Node.Netns, ["link", "show", "dev", device], CancellationToken.None);
        Assert.True(afterKill.Succeeded, $"interface {device} went with the killed silo: {afterKill.Stderr}");
        await node0.RestartAsync();

        Assert.Equal(nodeId, node0.NodeId);
        var domain = (await node0.GetAsync("dtdomain", Domain))!.Value;
        Assert.Equal(fixture.Token, domain.String("inviteToken"));
        Assert.True(memberList.SameAs((await node0.MemberListAsync(Domain))!), "the creator's member list changed across the restart");
        await fixture.WaitUntilAllConnectedAsync(TimeSpan.FromSeconds(30));
        // The interface the old process left was adopted, not replaced: same name, same address, same key.
        Assert.Contains($"inet {overlayAddress}/", await InterfaceAddressesAsync(node0, device));
        foreach (var member in topology.Silos.Skip(1))
        {
            Assert.Equal(memberList.Find(nodeId)!.PublicKey, (await member.ListPeersAsync()).For(nodeId)!.Value.String("publicKey"));
        }
    }

    /// <summary>A join request for <paramref name="member"/> as it is already listed (so admitting it changes nothing), sealed with node0's token.</summary>
    /// <summary>A gRPC channel to the federation listener at <paramref name="overlayAddress"/>, connecting from inside <paramref name="from"/>'s namespace.</summary>
    private static GrpcChannel OverlayChannel(NetnsSilo from, string overlayAddress) =>
        GrpcChannel.ForAddress($"http://{overlayAddress}:{FederationPort}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectCallback = NamespacedHttp.ConnectInside(from.Node.Netns) },
        });

    private async Task<byte[]> SealRejoinRequestAsync(NetnsSilo member)
    {
        var token = InviteToken.Parse(fixture.Token);
        var listed = (await member.MemberListAsync(Domain))!.Find(member.NodeId)!;
        var request = new JoinRequest(listed.NodeId, listed.Name, listed.PublicKey, listed.Endpoint);
        var session = JoinSession.Start(token.DomainUid, WireGuardKey.FromBytes(token.CreatorPublicKey.ToArray()), token.Secret.Span);
        return session.SealRequest(JsonSerializer.SerializeToUtf8Bytes(request, GrainsJsonContext.Default.JoinRequest), DateTimeOffset.UtcNow);
    }

    /// <summary>How long until every watcher's dtPeer for <paramref name="nodeId"/> shows <paramref name="connected"/>.</summary>
    private static async Task<TimeSpan> TimeUntilAsync(IReadOnlyList<NetnsSilo> watchers, string nodeId, bool connected)
    {
        var clock = Stopwatch.StartNew();
        foreach (var watcher in watchers)
        {
            await Eventually.Until(
                () => watcher.GetAsync("dtpeer", nodeId),
                peer => peer?.Bool("connected") == connected,
                LivenessBound + TimeSpan.FromSeconds(10),
                what: $"{watcher.NodeName}'s dtPeer for {nodeId} connected={connected}");
        }
        return clock.Elapsed;
    }

    private async Task<string> InterfaceAddressesAsync(NetnsSilo silo, string device) =>
        (await fixture.Topology.Network.Ip.RunCheckedAsync(silo.Node.Netns, ["-4", "addr", "show", "dev", device], CancellationToken.None)).Stdout;
}
