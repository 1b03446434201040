using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dtaas.Runtime;

/// <summary>Configures the grain runtime: which grains this silo hosts, their JSON contracts and their storage.</summary>
public sealed class GrainRuntimeBuilder
{
    internal GrainRuntimeBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    public GrainRuntimeBuilder AddGrain<TInterface, TGrain>()
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        Services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return this;
    }

    /// <summary>Registers every non-abstract grain class of the assembly for each grain interface it implements.</summary>
    public GrainRuntimeBuilder AddGrainsFrom(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(Grain).IsAssignableFrom(t)))
        {
            foreach (var grainInterface in type.GetInterfaces().Where(i => i != typeof(IGrainWithStringKey) && typeof(IGrainWithStringKey).IsAssignableFrom(i)))
            {
                Services.AddSingleton(new GrainRegistration(grainInterface, type));
            }
        }
        return this;
    }

    /// <summary>Adds source-generated JSON contracts for grain arguments, results and states.</summary>
    public GrainRuntimeBuilder AddSerializerContext(IJsonTypeInfoResolver context)
    {
        Services.AddSingleton(context);
        return this;
    }

    /// <summary>Uses in-memory storage, as the default storage or under <paramref name="name"/>.</summary>
    public GrainRuntimeBuilder UseMemoryStorage(string? name = null)
    {
        if (name is null)
        {
            Services.TryAddSingleton<IGrainStorage, MemoryGrainStorage>();
        }
        else
        {
            Services.AddKeyedSingleton<IGrainStorage, MemoryGrainStorage>(name);
        }
        return this;
    }

    public GrainRuntimeBuilder Configure(Action<GrainRuntimeOptions> configure)
    {
        Services.AddSingleton(configure);
        return this;
    }
}
