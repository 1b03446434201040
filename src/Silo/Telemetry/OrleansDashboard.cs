using System.Net;
using Dtaas.Gateway;
using Dtaas.Silo.Hosting;
using Dtaas.Silo.Options;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Dtaas.Silo.Telemetry;

/// <summary>
/// Orleans' own dashboard (Microsoft.Orleans.Dashboard: silos, grain activations, method calls and latencies) on
/// <c>--dashboard-listen</c>, a listener of its own: it has no login and shows grain state, so it belongs on loopback
/// (the default) or behind the operator's own access control. Its live log stream is off.
/// </summary>
public static class OrleansDashboard
{
    /// <summary>Adds the dashboard (and its grain-call profiler) to the node's silo, unless <c>--dashboard-listen</c> is empty.</summary>
    public static HostApplicationBuilder AddOrleansDashboard(this HostApplicationBuilder builder, SiloOptions options)
    {
        if (options.DashboardListen is not { Length: > 0 })
        {
            return builder;
        }
        var before = builder.Services.Select(d => d.ServiceType).ToHashSet();
        builder.UseOrleans(silo => silo.AddDashboard(o => o.HideTrace = true));
        // The dashboard's endpoints run on their own listener (its own service provider): they get the dashboard's
        // services from the silo's, which alone knows the grains.
        var dashboard = typeof(DashboardOptions).Assembly;
        Type[] forwarded = [.. builder.Services.Select(d => d.ServiceType)
            .Where(t => !before.Contains(t) && t.Assembly == dashboard && !t.IsGenericTypeDefinition).Distinct(), typeof(IOptions<DashboardOptions>)];
        builder.Services.AddSingleton(new DashboardServices(forwarded));
        return builder;
    }

    /// <summary>
    /// The dashboard's listener, or null when it is off. The default address taken (another silo on this host) only
    /// turns the dashboard off with a warning; an address given explicitly that is taken fails the start, as any listener's.
    /// </summary>
    public static async Task<KestrelListener?> StartAsync(SiloOptions options, IServiceProvider core, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (options.DashboardListen is not { Length: > 0 } listen)
        {
            return null;
        }
        var endpoint = ListenAddress.Parse("dashboard-listen", listen);
        var logger = loggerFactory.CreateLogger(typeof(OrleansDashboard).FullName!);
        var forwarded = core.GetRequiredService<DashboardServices>().Types;
        try
        {
            var listener = await KestrelListener.StartAsync(endpoint, HttpProtocols.Http1, loggerFactory,
                services =>
                {
                    foreach (var type in forwarded)
                    {
                        services.AddSingleton(type, _ => core.GetRequiredService(type));
                    }
                },
                app => app.MapOrleansDashboard(), cancellationToken);
            if (!IPAddress.IsLoopback(endpoint.Address))
            {
                logger.LogWarning("The Orleans dashboard at {Address} is beyond loopback: it has no login and shows grain state", listener.Address);
            }
            else
            {
                logger.LogInformation("Orleans dashboard at {Address}", listener.Address);
            }
            return listener;
        }
        catch (IOException e) when (listen == SiloOptions.DefaultDashboardListen)
        {
            logger.LogWarning("The Orleans dashboard is off: its default address {Address} is taken ({Reason}); give --dashboard-listen another one",
                endpoint, e.Message);
            return null;
        }
        catch (IOException e)
        {
            throw new IOException($"--dashboard-listen {endpoint}: {e.Message}", e);
        }
    }

    /// <summary>The dashboard's service types, as the silo registered them.</summary>
    private sealed record DashboardServices(IReadOnlyList<Type> Types);
}
