using Dtaas.Grains.Ports;
using Dtaas.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>The gateway's public federation doors: joining a domain, and a member asking whether it is still in one.</summary>
public static class FederationEndpoints
{
    public static void MapFederation(this WebApplication app, IGrainFactory grains, ILocalObjects objects, IJoinOpener opener, ILoggerFactory loggers)
    {
        app.MapJoin(grains, objects, loggers.CreateLogger(typeof(JoinEndpoint).FullName!));
        app.MapStanding(grains, objects, opener, loggers.CreateLogger(typeof(StandingEndpoint).FullName!));
    }
}
