using Dtaas.Kubernetes.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Messaging;

namespace Dtaas.Kubernetes.SiloMembership;

/// <summary>
/// Orleans clustering through Kubernetes objects: the silos keep their membership in dtSilos (and a dtSiloTable) of a
/// namespace, and clients find the client gateways there. The cluster is <see cref="ClusterOptions.ClusterId"/>.
/// </summary>
public static class KubernetesSiloMembershipExtensions
{
    /// <summary>The silo's membership table is kept in <paramref name="namespace"/> through <paramref name="client"/>.</summary>
    public static ISiloBuilder UseKubernetesSiloMembership(this ISiloBuilder builder, IKubernetesClient client, string @namespace)
    {
        builder.Services.AddSingleton<IMembershipTable>(services => new KubernetesSiloMembershipTable(
            client, ScopeOf(services, @namespace), services.GetRequiredService<ILogger<KubernetesSiloMembershipTable>>()));
        return builder;
    }

    /// <summary>The client connects to the Active silos of its cluster found in <paramref name="namespace"/>.</summary>
    public static IClientBuilder UseKubernetesClientGatewayList(this IClientBuilder builder, IKubernetesClient client, string @namespace)
    {
        builder.Services.AddSingleton<IGatewayListProvider>(services => new KubernetesClientGatewayListProvider(
            client, ScopeOf(services, @namespace), services.GetRequiredService<IOptions<GatewayOptions>>().Value.GatewayListRefreshPeriod));
        return builder;
    }

    private static SiloMembershipScope ScopeOf(IServiceProvider services, string @namespace) =>
        new(@namespace, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
}
