using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Ports;
using Dtaas.Silo.Federation;
using Grpc.Core;
using Grpc.Health.V1;
using V1 = Dtaas.Federation.Protocol.V1;

namespace Dtaas.Federation.Tests.Protocol;

/// <summary>
/// The federation protocol on a domain of three in-process nodes (node 0 created it): who the listener admits, the
/// health service, how the client reports a node that does not answer, and the receiver's refusals as exceptions.
/// Raw calls are made with the generated client from a chosen loopback alias, as another member (or no member) would.
/// </summary>
[Collection(FederationCollection.Name)]
public sealed class FederationProtocolTests : IAsyncLifetime
{
    private FederationCluster _cluster = null!;
    private Guid _domainUid;
    private readonly List<IDisposable> _disposables = [];

    private FederationNode Creator => _cluster.Creator;

    private FederationNode Node(int index) => _cluster.Nodes[index];

    public async Task InitializeAsync()
    {
        _cluster = await TestClusters.StartAsync(3);
        var token = await _cluster.CreateDomainAsync(CancellationToken.None);
        await Task.WhenAll(_cluster.Joiners.Select(node => _cluster.JoinAsync(node, token, CancellationToken.None)));
        Assert.True(await _cluster.WaitUntilAsync(() => _cluster.Agree(_cluster.Nodes), TestClusters.Patience, CancellationToken.None));
        _domainUid = Creator.View(FederationCluster.DomainName).MemberList!.DomainUid;
    }

    public async Task DisposeAsync()
    {
        _disposables.ForEach(d => d.Dispose());
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_caller_whose_source_address_is_no_members_gets_PERMISSION_DENIED_even_naming_a_member()
    {
        var own = AliasOf(Creator);
        var stranger = new IPAddress([.. own.GetAddressBytes()[..3], 250]);

        foreach (var source in new[] { stranger, own }) // an address on the overlay's network that no member has, and the node itself
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => RawFrom(source, Creator).ProbeAsync(
                new V1.ProbeRequest { Context = Context(Node(1)) }).ResponseAsync);

            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            Assert.Contains($"source address {source} is not the overlay address of another member of domain {_domainUid}", refused.Status.Detail);
            Assert.DoesNotContain(Creator.Id, refused.Status.Detail);
        }
    }

    [Fact]
    public async Task A_member_naming_another_node_as_the_caller_gets_PERMISSION_DENIED_and_nothing_runs()
    {
        var before = Creator.View(FederationCluster.DomainName);

        // Node 1 says node 2 leaves the domain: if it ran, the creator would remove node 2.
        var refused = await Assert.ThrowsAsync<RpcException>(() => RawFrom(AliasOf(Node(1)), Creator).LeaveAsync(
            new V1.LeaveRequest { Context = Context(Node(2)) }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains($"the request names '{Node(2).Id}' as its caller", refused.Status.Detail);
        var after = Creator.View(FederationCluster.DomainName);
        Assert.Equal(before.Version, after.Version);
        Assert.Contains(Node(2).Id, after.MemberIds);
        // Naming itself, the same member is admitted.
        var answer = await RawFrom(AliasOf(Node(1)), Creator).ProbeAsync(new V1.ProbeRequest { Context = Context(Node(1)) });
        Assert.Equal(Creator.Id, answer.Node.NodeId);
    }

    [Fact]
    public async Task A_call_about_another_domain_on_this_domains_overlay_gets_PERMISSION_DENIED()
    {
        var other = Guid.NewGuid();

        var refused = await Assert.ThrowsAsync<RpcException>(() => RawFrom(AliasOf(Node(1)), Creator).ProbeAsync(
            new V1.ProbeRequest { Context = new V1.RequestContext { DomainUid = other.ToString(), CallerNodeId = Node(1).Id } }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains($"is about domain '{other}', but it arrived on the overlay of domain {_domainUid}", refused.Status.Detail);
    }

    [Fact]
    public async Task The_health_service_answers_SERVING_to_a_member_and_to_the_node_itself()
    {
        foreach (var source in new[] { AliasOf(Node(1)), AliasOf(Creator) })
        {
            var health = new Health.HealthClient(Channels(source).For(Creator.Overlay.FederationAddress(_domainUid)!));

            var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
        }
    }

    [Fact]
    public async Task The_client_probes_a_member_as_this_node_and_the_receivers_refusals_come_back_as_the_exceptions_grains_expect()
    {
        var federation = Node(1).Federation;

        var info = await federation.ProbeAsync(Creator.Id, _domainUid, CancellationToken.None);
        var notCreator = await Assert.ThrowsAsync<InvalidOperationException>(() => federation.LeaveAsync(Node(2).Id, _domainUid, CancellationToken.None));
        var notFromCreator = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => federation.ApplyNetworkAsync(Node(2).Id, _domainUid,
            new ServiceNetwork(_domainUid, "net", Guid.NewGuid(), 1, "100.96.0.0/24", []), CancellationToken.None));
        var otherDomain = Guid.NewGuid();
        var misaddressed = await Assert.ThrowsAsync<ArgumentException>(() => federation.ApplyMembershipAsync(Node(2).Id, _domainUid,
            new MemberList(otherDomain, Node(1).Id, 99, "100.64.0.0/16", []), CancellationToken.None));

        Assert.Equal((Creator.Id, Creator.Description.Name), (info.Id, info.Name));
        Assert.StartsWith("only the domain's creator", notCreator.Message);
        Assert.Equal($"only the domain's creator sends network states (not node {Node(1).Id})", notFromCreator.Message);
        Assert.Equal($"a member list of domain {otherDomain} was sent to domain {_domainUid}", misaddressed.Message);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_within_the_federation_timeout_fails_as_timed_out()
    {
        using var silent = new SilentListener();
        var client = ClientTo(silent.Address, TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => client.ProbeAsync("target", _domainUid, CancellationToken.None));

        Assert.Equal("Call to Probe on node target timed out after 0.3 s.", timedOut.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_callers_token_cancels_a_call_before_the_federation_timeout()
    {
        using var silent = new SilentListener();
        var client = ClientTo(silent.Address, GrpcFederationClient.DefaultTimeout);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ProbeAsync("target", _domainUid, cancel.Token));

        Assert.Equal("Call to Probe on node target was cancelled.", cancelled.Message);
        Assert.Equal(cancel.Token, cancelled.CancellationToken);
        Assert.True(clock.Elapsed < GrpcFederationClient.DefaultTimeout, $"took {clock.Elapsed}");
        // Cancelled before it starts: not sent at all.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ProbeAsync("target", _domainUid, cancel.Token));
    }

    [Fact]
    public async Task A_node_nobody_listens_for_and_a_node_not_on_the_overlay_fail_saying_so()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort()}/");
        var client = ClientTo(closed, GrpcFederationClient.DefaultTimeout);

        var unreachable = await Assert.ThrowsAsync<FederationCallException>(() => client.ProbeAsync("target", _domainUid, CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<FederationCallException>(() => client.ProbeAsync("stranger", _domainUid, CancellationToken.None));

        Assert.StartsWith($"Cannot reach node target at {closed} to call Probe: Connection refused", unreachable.Message);
        Assert.Equal($"Node stranger is not known on the overlay of domain {_domainUid} (not a member, or the overlay is not up yet); cannot call Probe.", unknown.Message);
    }

    private V1.RequestContext Context(FederationNode caller) => new() { DomainUid = _domainUid.ToString(), CallerNodeId = caller.Id };

    private IPAddress AliasOf(FederationNode node) =>
        LoopbackAlias.Of(node.View(FederationCluster.DomainName).MemberList!.Find(node.Id)!.OverlayAddress);

    private V1.Federation.FederationClient RawFrom(IPAddress source, FederationNode target) =>
        new(Channels(source).For(target.Overlay.FederationAddress(_domainUid)!));

    private FederationChannels Channels(IPAddress source)
    {
        var channels = new FederationChannels(_ => source);
        _disposables.Add(channels);
        return channels;
    }

    private GrpcFederationClient ClientTo(Uri address, TimeSpan timeout)
    {
        var directory = new MutableNodeDirectory();
        directory.Set("target", _domainUid, address);
        var channels = new FederationChannels();
        _disposables.Add(channels);
        return new GrpcFederationClient("caller", directory, channels, timeout);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Accepts connections and never says a word: a node whose listener hangs.</summary>
    private sealed class SilentListener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _accepted = [];
        private readonly CancellationTokenSource _stop = new();

        public SilentListener()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    lock (_accepted)
                    {
                        _accepted.Add(socket);
                    }
                }
            });
        }

        public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_accepted)
            {
                _accepted.ForEach(s => s.Dispose());
            }
        }
    }
}
