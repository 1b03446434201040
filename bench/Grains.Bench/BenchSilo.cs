using System.Net;
using Dtaas.Client;
using Dtaas.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;

namespace Dtaas.Grains.Bench;

/// <summary>
/// A node's Orleans silo as the silo executable configures it (<see cref="NodeSilo"/>: its own cluster, the SDK
/// gateway on loopback behind the client token), hosting the ping grain, and an SDK client connected to it with
/// <see cref="DtaasClientBuilderExtensions.UseDtaasNode(IClientBuilder, DtaasNodeOptions)"/>.
/// </summary>
public sealed class BenchSilo(IHost silo, IHost client) : IAsyncDisposable
{
    public const string NodeId = "0123456789abcdef0123456789abcdef";

    /// <summary>Calls made inside the silo process (the watcher bridge and the listeners call grains this way).</summary>
    public IGrainFactory Local => silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Calls made by a .NET service over loopback.</summary>
    public IGrainFactory Sdk => client.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchSilo> StartAsync()
    {
        var token = NewToken();
        var (silo, endpoint) = await StartSiloAsync(token, clustering: null);
        return new BenchSilo(silo, await StartClientAsync(endpoint, token));
    }

    public static string NewToken() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>A silo of the bench node with its client gateway on a free loopback port; with <paramref name="clustering"/>, one replica of several.</summary>
    public static async Task<(IHost Silo, IPEndPoint Gateway)> StartSiloAsync(string token, NodeClustering? clustering)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, NodeSilo.FreePort(IPAddress.Loopback));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddNodeSilo(NodeId, new ClientGateway(endpoint, endpoint.Address, token, Certificates: null), _ => new NoStorage(), clustering);
        var silo = builder.Build();
        await silo.StartAsync();
        return (silo, endpoint);
    }

    /// <summary>A plain Orleans client of the bench node; <paramref name="configure"/> adds to what UseDtaasNode sets.</summary>
    public static async Task<IHost> StartClientAsync(IPEndPoint gateway, string token, Action<IClientBuilder>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(c =>
        {
            c.UseDtaasNode(new DtaasNodeOptions { Endpoint = gateway, NodeId = NodeId, Token = token });
            configure?.Invoke(c);
        });
        var client = builder.Build();
        await client.StartAsync();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await client.StopAsync();
        client.Dispose();
        await silo.StopAsync();
        silo.Dispose();
    }
}
