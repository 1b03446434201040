using Dtaas.Kubernetes.SiloMembership;
using Orleans.Runtime;

namespace Dtaas.Kubernetes.Tests.SiloMembership;

public sealed class KubernetesClientGatewayListProviderTests(SiloMembershipServer server) : IClassFixture<SiloMembershipServer>
{
    [Fact]
    public async Task The_gateways_are_exactly_the_active_silos_with_a_proxy_port_of_the_cluster()
    {
        var scope = SiloMembershipServer.NewScope();
        var table = await server.NewTableAsync(scope);
        var active = SiloMembershipServer.Entry(11111, SiloStatus.Active, proxyPort: 30001);
        var activeToo = SiloMembershipServer.Entry(11112, SiloStatus.Active, proxyPort: 30002);
        var withoutGateway = SiloMembershipServer.Entry(11113, SiloStatus.Active);
        var joining = SiloMembershipServer.Entry(11114, SiloStatus.Joining, proxyPort: 30004);
        var dead = SiloMembershipServer.Entry(11115, SiloStatus.Dead, proxyPort: 30005);
        foreach (var entry in new[] { active, activeToo, withoutGateway, joining, dead })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }
        var otherCluster = await server.NewTableAsync();
        Assert.True(await otherCluster.InsertRow(SiloMembershipServer.Entry(11116, SiloStatus.Active, proxyPort: 30006), (await otherCluster.ReadAll()).Version.Next()));

        var gateways = await new KubernetesClientGatewayListProvider(server.Client, scope, TimeSpan.FromSeconds(1)).GetGateways();

        Assert.Equal(
            [$"gwy.tcp://127.0.0.1:30001/{active.SiloAddress.Generation}", $"gwy.tcp://127.0.0.1:30002/{activeToo.SiloAddress.Generation}"],
            gateways.Select(g => g.ToString()).Order(StringComparer.Ordinal));
    }
}
