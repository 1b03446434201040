using Dtaas.Runtime.Activations;
using Dtaas.Runtime.Invocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dtaas.Runtime;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds a silo's grain runtime: catalog, factory, serializer, remote-call client and endpoint.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeBuilder> configure)
    {
        configure(new GrainRuntimeBuilder(services));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INodeDirectory, StaticNodeDirectory>();
        services.AddSingleton(sp =>
        {
            var options = new GrainRuntimeOptions();
            foreach (var step in sp.GetServices<Action<GrainRuntimeOptions>>())
            {
                step(options);
            }
            return options;
        });
        services.AddSingleton<GrainInterfaceRegistry>();
        services.AddSingleton<GrainClassRegistry>();
        services.AddSingleton<GrainSerializer>();
        services.AddSingleton(sp => new Catalog(
            sp.GetRequiredService<GrainClassRegistry>(), sp, sp.GetRequiredService<GrainRuntimeOptions>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Catalog>>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<GrainRuntimeOptions>();
            return new GrainRpcClient(sp.GetRequiredService<GrainSerializer>(), sp.GetRequiredService<GrainInterfaceRegistry>(),
                new GrainRpcClientOptions { CallTimeout = options.CallTimeout, LocalAddress = options.LocalAddress });
        });
        services.AddSingleton<IGrainFactory>(sp => new GrainFactory(
            sp.GetRequiredService<Catalog>(), sp.GetRequiredService<GrainInterfaceRegistry>(), sp.GetRequiredService<GrainClassRegistry>(),
            sp.GetRequiredService<GrainRpcClient>(), sp.GetRequiredService<INodeDirectory>(), sp.GetRequiredService<GrainRuntimeOptions>()));
        services.AddSingleton(sp => new GrainCallEndpoint(
            sp.GetRequiredService<Catalog>(), sp.GetRequiredService<GrainClassRegistry>(), sp.GetRequiredService<GrainInterfaceRegistry>(),
            sp.GetRequiredService<GrainSerializer>(), sp.GetRequiredService<GrainRuntimeOptions>(), sp.GetRequiredService<GrainRpcClient>(),
            sp.GetRequiredService<INodeDirectory>(), sp.GetRequiredService<ILogger<GrainCallEndpoint>>()));
        services.AddHostedService<GrainRuntimeLifetime>();
        return services;
    }

    /// <summary>Deactivates every activation when the host stops, so grains get their OnDeactivateAsync.</summary>
    private sealed class GrainRuntimeLifetime(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // Resolving these checks every registered grain interface and class at start-up, not at the first call.
            services.GetRequiredService<GrainClassRegistry>();
            services.GetRequiredService<Catalog>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => services.GetRequiredService<Catalog>().DisposeAsync().AsTask();
    }
}
