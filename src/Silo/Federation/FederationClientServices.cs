using System.Net;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dtaas.Silo.Federation;

public static class FederationClientServices
{
    /// <summary>
    /// The grains' <see cref="IFederationClient"/> as node <paramref name="nodeId"/>, with the node directory the overlay
    /// fills (<see cref="MutableNodeDirectory"/>, also as <see cref="INodeDirectory"/>). <paramref name="source"/> picks a
    /// connection's source address (the harness's loopback aliases); null leaves it to routing, as on a real overlay.
    /// </summary>
    public static IServiceCollection AddFederationClient(this IServiceCollection services, string nodeId, Func<DnsEndPoint, IPAddress?>? source = null)
    {
        services.AddSingleton(_ => new FederationChannels(source));
        services.AddSingleton(sp => new MutableNodeDirectory(sp.GetRequiredService<FederationChannels>().Forget));
        services.AddSingleton<INodeDirectory>(sp => sp.GetRequiredService<MutableNodeDirectory>());
        services.AddSingleton(sp => new GrpcFederationClient(nodeId, sp.GetRequiredService<INodeDirectory>(), sp.GetRequiredService<FederationChannels>()));
        // Unless the silo routes the grains' calls through the node's Lease holder (HostWork.AddHostPorts).
        services.TryAddSingleton<IFederationClient>(sp => sp.GetRequiredService<GrpcFederationClient>());
        return services;
    }
}
