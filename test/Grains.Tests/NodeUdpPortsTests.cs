using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Tests.Fakes;

namespace Dtaas.Grains.Tests;

public sealed class NodeUdpPortsTests
{
    private const string NodeId = "node0";

    [Fact]
    public void An_eleventh_domain_skips_the_port_a_dtService_already_listens_on()
    {
        var objects = new ListedObjects();
        objects.DomainList.AddRange(Enumerable.Range(0, 10).Select(i => Domain($"d{i}", 51820 + i)));
        objects.ServiceList.Add(Service("net", 51830));

        var taken = NodeUdpPorts.Taken(objects, NodeId, exceptDomain: Guid.NewGuid());

        Assert.Equal(51831, NodeUdpPorts.Choose(51820, taken));
    }

    [Fact]
    public void A_dtService_skips_ports_of_domains_and_other_dtServices_but_keeps_its_own()
    {
        var objects = new ListedObjects();
        objects.DomainList.AddRange(Enumerable.Range(0, 11).Select(i => Domain($"d{i}", 51820 + i))); // 51820..51830
        var own = Service("mine", 51832);
        objects.ServiceList.AddRange([Service("other", 51831), own, Service("unported", null)]);

        var taken = NodeUdpPorts.Taken(objects, NodeId, exceptService: own);

        Assert.Equal(51832, NodeUdpPorts.Choose(NodeUdpPorts.FirstServicePort, taken));
        Assert.Equal(51833, NodeUdpPorts.Choose(NodeUdpPorts.FirstServicePort, NodeUdpPorts.Taken(objects, NodeId)));
    }

    [Fact]
    public void Only_this_nodes_own_endpoints_count_and_the_domain_being_chosen_for_is_left_out()
    {
        var objects = new ListedObjects();
        var uid = Guid.NewGuid();
        var memberList = new MemberList(uid, "other", 1, "100.64.0.0/16",
            [new DomainMember("other", "other", "k", "10.0.0.2:51820", "100.64.0.1"), new DomainMember(NodeId, NodeId, "k", "10.0.0.1:51821", "100.64.0.2")]);
        objects.DomainList.Add(DomainReconciler.WithMemberList(new DtDomain { Metadata = new ObjectMeta { Name = "shared" } }, memberList, NodeId));

        Assert.Equal([51821], NodeUdpPorts.Taken(objects, NodeId)); // this node's own endpoint only
        Assert.Empty(NodeUdpPorts.Taken(objects, NodeId, exceptDomain: uid)); // re-choosing for that domain
    }

    private static DtDomain Domain(string name, int port)
    {
        var memberList = new MemberList(Guid.NewGuid(), NodeId, 1, "100.64.0.0/16", [new DomainMember(NodeId, NodeId, "k", $"10.0.0.1:{port}", "100.64.0.1")]);
        return DomainReconciler.WithMemberList(new DtDomain { Metadata = new ObjectMeta { Name = name } }, memberList, NodeId);
    }

    private static DtService Service(string name, int? port) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Annotations = port is { } p ? new Dictionary<string, string> { [NodeUdpPorts.ServicePortAnnotation] = p.ToString() } : null,
        },
    };
}
