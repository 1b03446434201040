using Dtaas.Kubernetes.Access;
using Orleans.Messaging;

namespace Dtaas.Kubernetes.Membership;

/// <summary>
/// The gateways of a cluster for Orleans clients, from the same dtSilos the silos' <see cref="KubernetesMembershipTable"/>
/// keeps: every Active silo with a client gateway port.
/// </summary>
public sealed class KubernetesGatewayListProvider(IKubernetesClient client, MembershipScope scope, TimeSpan refreshPeriod) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => refreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var rows = await client.ListAsync<DtSilo>(scope.Namespace, scope.Rows, cancellationToken);
        return rows.Items.Where(MembershipRows.IsActiveGateway).Select(MembershipRows.GatewayUri).ToList();
    }
}
