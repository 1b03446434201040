using Dtaas.Gateway;
using Dtaas.Grains.Ports;
using Dtaas.Silo.Api;
using Dtaas.Silo.Federation;
using Dtaas.Silo.Replicas;
using Dtaas.Silo.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// What every gateway listener (plain, HTTPS, h2c) serves, in order: the dtApp ingress by Host (dtApps and servables,
/// whatever the path), on a plain listener the redirect of /v1 credentials to HTTPS, then the endpoints (/healthz, the
/// federation endpoints, the /v1 object API, the web console) and the 404 for what matched nothing. <paramref name="core"/> is the
/// node's service provider (AddDtaasNode); each listener has services of its own (<see cref="ConfigureServices"/>).
/// With <paramref name="standby"/> (a replica of a clustered node), the public listeners of a replica that does not hold
/// the Lease forward what only the holder can serve to its replica listener (<see cref="ConfigureReplica"/>).
/// </summary>
internal sealed class GatewayPipeline(IServiceProvider core, NodeReadiness readiness, string @namespace, Func<int>? tlsPort, ILoggerFactory loggerFactory,
    (HolderReplica Holder, HttpMessageInvoker Replicas)? standby = null)
{
    /// <summary>A listener's own services: the federation endpoints' rate limit, YARP's forwarder for the dtApp ingress.</summary>
    public void ConfigureServices(IServiceCollection services) => services.AddFederationRateLimit().AddHttpForwarder();

    /// <summary><paramref name="plain"/>: a cleartext listener, which sends credentials to the HTTPS one when there is one.</summary>
    public void Configure(WebApplication app, bool plain)
    {
        var grains = core.GetRequiredService<IGrainFactory>();
        if (standby is var (holder, replicas))
        {
            app.UseStandbyForwarding(core.GetRequiredService<IAppDirectory>(), holder, replicas);
        }
        app.UseDtAppIngress(core.GetRequiredService<IAppDirectory>(), core.GetRequiredService<GatewayClients>(), core.GetRequiredService<GatewayMetrics>());
        if (plain && tlsPort is not null)
        {
            app.UseCredentialRedirect(tlsPort);
        }
        app.MapGet("/healthz", () => readiness.Reason is { } reason
            ? Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok\n"));
        app.MapFederation(grains, core.GetRequiredService<ILocalObjects>(), core.GetRequiredService<IJoinOpener>(), loggerFactory);
        app.MapObjectApi(grains, @namespace, loggerFactory.CreateLogger(typeof(ObjectApi).FullName!));
        app.MapConsole(core, plain ? tlsPort : null);
        app.MapDtAppFallback();
    }

    /// <summary>
    /// The replica listener (<c>--replica-listen</c>, mutual TLS with the silo certificate): what another replica's
    /// gateway forwarded, served as the original caller's request; it is never forwarded again.
    /// </summary>
    public void ConfigureReplica(WebApplication app)
    {
        app.UseReplicaCaller();
        new GatewayPipeline(core, readiness, @namespace, tlsPort: null, loggerFactory).Configure(app, plain: false);
    }
}
