using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Dtaas.Grains.HostBound;

/// <summary>
/// How a silo wires the host-bound ports. Alone, grains use this host's ports directly. With several silos per node,
/// this host's ports are kept under <see cref="Key"/> for <see cref="HostWorkGrain"/>, and every grain gets the
/// <c>HostBound*</c> ports, which send the work to the Lease holder's silo.
/// </summary>
public static class HostWork
{
    public const string Key = "host";

    /// <summary>The host-bound grain of the replica that holds the Lease as this silo sees it.</summary>
    public static IHostWorkGrain HostWorkOfHolder(this Orleans.IGrainFactory grains, IHostWorkHolder holder) =>
        grains.GetGrain<IHostWorkGrain>(holder.Identity ?? throw new OverlayUnavailableException(
            "no replica of this node holds its Lease yet: overlays, pods and federation calls wait for the leader"));

    /// <summary>
    /// Registers this host's ports, and as what grains use: directly
    /// (<paramref name="clustered"/> false) or through the Lease holder.
    /// </summary>
    public static IServiceCollection AddHostPorts(this IServiceCollection services, bool clustered,
        Func<IServiceProvider, IWireGuardSupport> wireGuard, Func<IServiceProvider, IOverlayNetwork> overlay,
        Func<IServiceProvider, IPodInterfaces> pods, Func<IServiceProvider, IFederationClient> federation)
    {
        services.AddKeyedSingleton(Key, (sp, _) => wireGuard(sp));
        services.AddKeyedSingleton(Key, (sp, _) => overlay(sp));
        services.AddKeyedSingleton(Key, (sp, _) => pods(sp));
        services.AddKeyedSingleton(Key, (sp, _) => federation(sp));
        if (clustered)
        {
            services.AddSingleton<IWireGuardSupport, HostBoundWireGuardSupport>();
            services.AddSingleton<IOverlayNetwork, HostBoundOverlay>();
            services.AddSingleton<IPodInterfaces, HostBoundPodInterfaces>();
            services.AddSingleton<IFederationClient, HostBoundFederationClient>();
        }
        else
        {
            services.AddSingleton(sp => sp.GetRequiredKeyedService<IWireGuardSupport>(Key));
            services.AddSingleton(sp => sp.GetRequiredKeyedService<IOverlayNetwork>(Key));
            services.AddSingleton(sp => sp.GetRequiredKeyedService<IPodInterfaces>(Key));
            services.AddSingleton(sp => sp.GetRequiredKeyedService<IFederationClient>(Key));
        }
        return services;
    }
}
