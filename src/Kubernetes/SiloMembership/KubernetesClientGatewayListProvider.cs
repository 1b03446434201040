using Dtaas.Kubernetes.Access;
using Orleans.Messaging;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>
/// The client gateways of a cluster for Orleans clients, from the same dtSilos the silos' <see cref="KubernetesSiloMembershipTable"/>
/// keeps: every Active silo with a client gateway port.
/// </summary>
public sealed class KubernetesClientGatewayListProvider(IKubernetesClient client, SiloMembershipScope scope, TimeSpan refreshPeriod) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => refreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var rows = await client.ListAsync<DtSilo>(scope.Namespace, scope.Rows, cancellationToken);
        return rows.Items.Where(SiloMembershipRows.IsActiveClientGateway).Select(SiloMembershipRows.ClientGatewayUri).ToList();
    }
}
