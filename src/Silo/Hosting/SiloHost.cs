using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Node;
using Dtaas.Runtime;
using Dtaas.Silo.Identity;
using Dtaas.Silo.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>The composition root: wires the grain runtime, the grains and the silo's listeners from the options.</summary>
public static class SiloHost
{
    public static async Task<RunningSilo> StartAsync(SiloOptions options, ILoggerFactory loggerFactory,
        Action<GrainRuntimeBuilder>? extraGrains = null, CancellationToken cancellationToken = default)
    {
        var clientEndpoint = ListenAddress.Parse("client-listen", options.ClientListen);
        var gatewayEndpoint = ListenAddress.Parse("gateway-listen", options.GatewayListen);
        var data = new DataDirectory(options.DataDirectory);
        var node = data.LoadOrCreateIdentity(options.NodeName);
        var clientToken = data.LoadOrCreateClientToken(options.ClientToken);
        var logger = loggerFactory.CreateLogger("Dtaas.Silo");

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(loggerFactory).AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(new NodeDescription(node.Id, node.Name, DateTimeOffset.UtcNow));
        builder.Services.AddGrainRuntime(runtime =>
        {
            runtime.AddGrainsFrom(typeof(NodeGrain).Assembly)
                .AddSerializerContext(GrainsJsonContext.Default)
                .UseMemoryStorage()
                .Configure(o =>
                {
                    o.NodeId = node.Id;
                    o.NodeName = node.Name;
                });
            extraGrains?.Invoke(runtime);
        });
        var core = builder.Build();
        await core.StartAsync(cancellationToken);

        var listeners = new List<IAsyncDisposable>();
        try
        {
            var grainCalls = core.Services.GetRequiredService<GrainCallEndpoint>();
            var client = await Listener.StartAsync(clientEndpoint, HttpProtocols.Http2, loggerFactory,
                services => services.AddSingleton(grainCalls),
                app =>
                {
                    app.UseMiddleware<BearerTokenMiddleware>(clientToken);
                    app.MapGrainCalls(allowRelay: true);
                }, cancellationToken);
            listeners.Add(client);

            var gateway = await Listener.StartAsync(gatewayEndpoint, HttpProtocols.Http1, loggerFactory,
                _ => { },
                app => app.MapGet("/healthz", () => Results.Text("ok\n")), cancellationToken);
            listeners.Add(gateway);

            logger.LogInformation("Node {NodeName} ({NodeId}) started: client endpoint {Client}, gateway {Gateway}, data {DataDirectory}",
                node.Name, node.Id, client.Address, gateway.Address, data.Path);
            return new RunningSilo(core, listeners, node, data, clientToken, client.Address, gateway.Address);
        }
        catch
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync();
            }
            await core.StopAsync(CancellationToken.None);
            core.Dispose();
            throw;
        }
    }
}
