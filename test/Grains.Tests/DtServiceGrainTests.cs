using Dtaas.Federation.Harness;
using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests;

/// <summary>
/// The dtService grain on a member whose domain's creator is another node: a spec it cannot act on says what to fix,
/// the pod's listen port is chosen once and clear of the node's other ports, and the network the registry pushes is
/// shown on the object as the seed reads it (a client names its server; the server lists the pods).
/// </summary>
public sealed class DtServiceGrainTests : IAsyncLifetime
{
    private const string NodeId = "0123456789abcdef0123456789abcdef";
    private const string CreatorId = "ffffffffffffffffffffffffffffffff";
    private static readonly Guid DomainUid = Guid.Parse("3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
    private readonly ListedObjects _objects = new();
    private readonly RecordingOverlay _wireGuard = new();
    private readonly RecordingPods _pods = new(NodeId);
    private InProcessTestCluster _cluster = null!;
    private StoredObjects _stored = null!;

    private IDtServiceGrain Service => _cluster.Client.GetGrain<IDtServiceGrain>("default/mynet");

    public async Task InitializeAsync()
    {
        _cluster = await GrainTestSilo.StartAsync(services => services
            .AddSingleton(new NodeDescription(NodeId, "node0.example.org", DateTimeOffset.UnixEpoch, ""))
            .AddSingleton(new FederationSettings("10.0.0.1", 51820))
            .AddSingleton<IPodInterfaces>(_pods)
            .AddSingleton<IPodKeys>(_pods)
            .AddSingleton<IWireGuardSupport>(_wireGuard)
            .AddSingleton<IEventRecorder>(new NoEvents())
            .AddSingleton<ILocalObjects>(_objects)
            .AddSingleton<IFederationClient>(new UnreachableFederation()));
        _stored = new StoredObjects(_cluster);
        _objects.DomainList.Add(Joined("mydomain"));
        _pods.AddPod("mypod");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>A domain this node joined: its member list names this node and the creator.</summary>
    private static DtDomain Joined(string name) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name, Namespace = "default", Uid = Guid.NewGuid().ToString(),
            Annotations = new Dictionary<string, string>
            {
                [DomainAnnotations.MemberList] = DomainAnnotations.Write(new MemberList(DomainUid, CreatorId, 2, "100.64.0.0/16",
                [
                    new DomainMember(CreatorId, "node1.example.org", Bytes32.Random().ToBase64(), "10.0.0.5:51820", "100.64.0.1"),
                    new DomainMember(NodeId, "node0.example.org", Bytes32.Random().ToBase64(), "10.0.0.1:51820", "100.64.0.2"),
                ])),
            },
        },
        Spec = new DtDomainSpec { Peer = new DtDomainPeer { Address = "10.0.0.5:8080", InviteToken = InviteToken.Issue(DomainUid, CreatorId, Bytes32.Random()).Encode() } },
        Status = DtDomainStatus.Ready,
    };

    private static DtService Applied(string? domain = "mydomain", string? pod = "mypod", string name = "mynet", int? port = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name, Namespace = "default",
            Annotations = port is null ? null : new Dictionary<string, string> { [NodeUdpPorts.ServicePortAnnotation] = port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        Spec = new DtServiceSpec { DomainSelector = domain, PodSelector = pod },
    };

    private async Task<(TimeSpan? Again, DtService Object)> ReconciledAsync(DtService service)
    {
        await _stored.PutAsync(Service, service);
        var again = await Service.Reconcile(default);
        return (again, (await _stored.GetAsync<DtService>(Service))!);
    }

    private static ServiceNetwork Network(long version, string serverNodeId) => new(DomainUid, "mynet", Guid.Parse("7d3c1b2a-0f9e-4d8c-b7a6-5e4d3c2b1a09"), version, "100.96.0.0/24",
    [
        new NetworkPeer("100.96.0.1", serverNodeId, "c2VydmVyLXB1YmxpYy1rZXktLS0tLS0tLS0tLS0tLS0=", NetworkRole.Server, serverNodeId == NodeId ? "10.0.0.1:51830" : "10.0.0.5:51830"),
        new NetworkPeer("100.96.0.2", serverNodeId == NodeId ? CreatorId : NodeId, "Y2xpZW50LXB1YmxpYy1rZXktLS0tLS0tLS0tLS0tLS0=", NetworkRole.Client, null),
    ]);

    [Theory]
    [InlineData(null, "mypod", "spec.domainSelector is empty: name the dtDomain whose members share the network")]
    [InlineData("mydomain", " ", "spec.podSelector is empty: name the pod that joins the network")]
    [InlineData("nodomain", "mypod", "dtDomain nodomain not found on this node: create or join it first")]
    [InlineData("mydomain", "nopod", "pod nopod not found in this node's namespace")]
    public async Task A_spec_it_cannot_act_on_fails_saying_what_to_fix(string? domain, string pod, string message)
    {
        var (_, service) = await ReconciledAsync(Applied(domain, pod));

        Assert.Equal((DtServiceStatus.Failed, message), (service.Status, service.Message));
        Assert.Empty(_pods.Interfaces);
    }

    [Fact]
    public async Task A_node_without_wireguard_fails_with_the_reason_and_looks_again()
    {
        _wireGuard.Unavailable = "wireguard-go not found on PATH";

        var (again, service) = await ReconciledAsync(Applied());

        Assert.Equal((DtServiceStatus.Failed, "wireguard-go not found on PATH"), (service.Status, service.Message));
        Assert.NotNull(again);
    }

    [Fact]
    public async Task The_listen_port_is_chosen_clear_of_the_nodes_other_services_and_kept_while_the_creator_is_away()
    {
        _objects.ServiceList.Add(Applied(name: "other", port: NodeUdpPorts.FirstServicePort));

        var (again, service) = await ReconciledAsync(Applied());

        Assert.Equal(NodeUdpPorts.FirstServicePort + 1, NodeUdpPorts.ServicePort(service));
        Assert.Equal(DtServiceStatus.Failed, service.Status);
        Assert.StartsWith("cannot reach the domain's creator node1.example.org to join the network", service.Message);
        Assert.NotNull(again);
        // Asked again, it keeps the port it chose (the other service's port freed or not).
        _objects.ServiceList.Clear();
        await Service.Reconcile(default);
        Assert.Equal(NodeUdpPorts.FirstServicePort + 1, NodeUdpPorts.ServicePort((await _stored.GetAsync<DtService>(Service))!));
    }

    [Fact]
    public async Task A_client_names_its_server_on_the_object_and_the_server_lists_its_pods()
    {
        await ReconciledAsync(Applied());

        await Service.ApplyNetwork(Network(1, CreatorId), default);
        var client = (await _stored.GetAsync<DtService>(Service))!;
        Assert.Equal(DtServiceStatus.Connected, client.Status);
        Assert.Null(client.Message);
        Assert.Equal(("10.0.0.5:51830", "100.96.0.0/24", "c2VydmVyLXB1YmxpYy1rZXktLS0tLS0tLS0tLS0tLS0="),
            (client.Spec!.Server!.Endpoint, client.Spec.Server.Peer, client.Spec.Server.PublicKey));
        var pod = Assert.Single(_pods.Interfaces.Values);
        Assert.Equal(("100.96.0.2/24", false), (pod.Address, pod.Forward));
        Assert.Equal(["100.96.0.0/24"], Assert.Single(pod.Peers).AllowedIps);

        // An older state changes nothing; a newer one where this node serves makes it the server.
        await Service.ApplyNetwork(Network(1, NodeId), default);
        Assert.NotNull((await _stored.GetAsync<DtService>(Service))!.Spec!.Server);
        await Service.ApplyNetwork(Network(2, NodeId), default);
        var server = (await _stored.GetAsync<DtService>(Service))!;
        Assert.Null(server.Spec!.Server);
        Assert.Equal(["100.96.0.1", "100.96.0.2"], server.Peers!.Keys.Order());
        Assert.Equal(NetworkRole.Client, server.Peers["100.96.0.2"].Labels![$"sid.sightline.dtservice.{CreatorId}"]);
        pod = Assert.Single(_pods.Interfaces.Values);
        Assert.Equal((true, NodeUdpPorts.ServicePort(server)), (pod.Forward, pod.ListenPort));
    }
}
