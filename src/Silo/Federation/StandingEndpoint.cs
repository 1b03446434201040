using Dtaas.Grains.Domains;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Orleans;
using Dtaas.WireGuard.Join;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>
/// <c>POST /federation/standing</c> on the gateway: a member that lost the overlay to this creator asks whether it is
/// still in the domain (<see cref="StandingQuery"/>, sealed with the <see cref="StandingSalt"/>). The answer is sealed to
/// the asker's exchange, so nobody but this node can tell a member it was removed. A domain this node did not create,
/// or no longer has, does not exist.
/// </summary>
public static class StandingEndpoint
{
    public const string Path = "/federation/standing";

    public static RouteHandlerBuilder MapStanding(this WebApplication app, IGrainFactory grains, ILocalObjects objects, IJoinOpener opener, ILogger logger) =>
        app.MapPost(Path, async (HttpContext context) =>
        {
            var body = await JoinEndpoint.ReadBodyAsync(context.Request, context.RequestAborted);
            if (body is null)
            {
                return JoinEndpoint.TooLarge;
            }
            if (!JoinSeal.TryReadDomainUid(body, out var domainUid, out var malformed))
            {
                return Results.Text($"not a standing query: {malformed}\n", statusCode: StatusCodes.Status400BadRequest);
            }
            var opening = opener.OpenStanding(body);
            if (opening.Request is not { } query || opening.SealReply is not { } sealReply)
            {
                return Results.Text((opening.Error ?? "refused") + "\n", statusCode: opening.StatusCode);
            }
            await objects.SyncedAsync(context.RequestAborted); // before the caches are listed, "no such domain" may be untrue
            var standing = DomainIdentity.LocalKey(objects.Domains(), domainUid, createdHere: true) is { } key
                ? await grains.GetGrain<IDtDomainGrain>(key).Standing(query.NodeId, context.RequestAborted)
                : new StandingReply(DomainExists: false, Member: false);
            if (standing is not { DomainExists: true, Member: true })
            {
                logger.LogInformation("Standing query from node {NodeId} for domain {DomainUid}: {Answer}", query.NodeId, domainUid,
                    standing.DomainExists ? "not a member" : "no such domain");
            }
            return Results.Bytes(sealReply(standing), "application/octet-stream");
        });
}
