using System.Net;
using Dtaas.Client;
using Dtaas.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Dtaas.Grains.Bench;

/// <summary>
/// A node's Orleans silo as the silo executable configures it (<see cref="NodeSilo"/>: its own cluster, the SDK
/// gateway on loopback behind the client token), hosting the ping grain, and an SDK client connected to it with
/// <see cref="DtaasClientBuilderExtensions.UseDtaasNode(IClientBuilder, DtaasNodeOptions)"/>.
/// </summary>
public sealed class BenchSilo(IHost silo, IHost client) : IAsyncDisposable
{
    private const string NodeId = "0123456789abcdef0123456789abcdef";

    /// <summary>Calls made inside the silo process (the watcher bridge and the listeners call grains this way).</summary>
    public IGrainFactory Local => silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Calls made by a .NET service over loopback.</summary>
    public IGrainFactory Sdk => client.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchSilo> StartAsync()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, NodeSilo.FreePort(IPAddress.Loopback));
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var siloBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        siloBuilder.AddNodeSilo(NodeId, new ClientGateway(endpoint, endpoint.Address, token, Certificates: null), _ => new NoStorage());
        var silo = siloBuilder.Build();
        await silo.StartAsync();

        var clientBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        clientBuilder.UseOrleansClient(c => c.UseDtaasNode(new DtaasNodeOptions { Endpoint = endpoint, NodeId = NodeId, Token = token }));
        var client = clientBuilder.Build();
        await client.StartAsync();
        return new BenchSilo(silo, client);
    }

    public async ValueTask DisposeAsync()
    {
        await client.StopAsync();
        client.Dispose();
        await silo.StopAsync();
        silo.Dispose();
    }

    /// <summary>The ping grain keeps no state.</summary>
    private sealed class NoStorage : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
    }
}
