using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Ports;
using Dtaas.Grains.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Hosting;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests;

/// <summary>
/// One Orleans silo in the test process with what every grain test needs (the project's serializer on both sides,
/// Orleans' in-memory storage standing in for the Kubernetes store, no logging) and the ports a test gives it.
/// </summary>
public static class GrainTestSilo
{
    public static async Task<InProcessTestCluster> StartAsync(Action<IServiceCollection> ports)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            ports(silo.Services);
            silo.Services.TryAddKeyedSingleton(GrainClock.Key, TimeProvider.System); // the grains' clock, unless the test gives its own
            silo.Services.TryAddSingleton<IObjectWriter, NoUserWrites>();
            silo.Services.AddSerializer(serializer => serializer.AddDtaasModels());
            silo.AddMemoryGrainStorage(StorageNames.Kubernetes);
            // Objects kept as the Kubernetes store keeps them (the models' System.Text.Json form), not through Newtonsoft,
            // which cannot read every model back (a dtTrust's state, for one).
            silo.Services.AddOptions<MemoryGrainStorageOptions>(StorageNames.Kubernetes)
                .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddDtaasModels()));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
